-- 0012-audit-format.sql (SQLite): the hash formats of the audit chain
-- (core/audit.h).  Entries written before this migration are hashed in
-- format 1 (a NULL id and 0 hashed alike); from the next id on, in format
-- 2 (NULL distinct).  One row per format: the first id hashed with it.
-- Old entries keep their hashes (a published head stays valid), and the
-- boundary needs no protection of its own: moved either way, entries get
-- checked with the other formula and fail.  See docs/security.md.
CREATE TABLE audit_format (
	version		INTEGER PRIMARY KEY,
	first_id	INTEGER NOT NULL
);
INSERT INTO audit_format (version, first_id) VALUES (1, 1);
INSERT INTO audit_format (version, first_id)
SELECT 2, last_id + 1 FROM audit_head WHERE id = 1;

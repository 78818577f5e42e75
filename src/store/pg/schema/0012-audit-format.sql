-- 0012-audit-format.sql (PostgreSQL): the hash formats of the audit
-- chain.  Same table as the SQLite migration of the same number; see the
-- comment there.
CREATE TABLE audit_format (
	version		integer PRIMARY KEY,
	first_id	bigint NOT NULL
);
INSERT INTO audit_format (version, first_id) VALUES (1, 1);
INSERT INTO audit_format (version, first_id)
SELECT 2, last_id + 1 FROM audit_head WHERE id = 1;

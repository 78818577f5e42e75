-- 0004-import-batch.sql (SQLite): bulk loads.  Same tables as the
-- PostgreSQL migration of the same number; conventions as in 0001.
--
-- A bulk load (a fast-path import into an empty register, or the national
-- demo) writes its members without a history row each: it records one
-- batch here, and each member points at it.  The member's history shows
-- "record_created" from the batch (who, when); see docs/import.md.

CREATE TABLE import_batch (
	id		INTEGER PRIMARY KEY,
	source		TEXT NOT NULL CONSTRAINT ck_import_batch__source
			    CHECK (source IN ('import', 'demo')),
	file_name	TEXT,
	file_sha256	TEXT,
	rows		INTEGER NOT NULL,
	actor		TEXT NOT NULL,
	user_id		INTEGER REFERENCES app_user (id),
	on_date		TEXT NOT NULL,
	created_at	TEXT NOT NULL
);

ALTER TABLE member ADD COLUMN import_batch_id INTEGER
	REFERENCES import_batch (id);

-- 0009-audit-views.sql (SQLite): the dossier views already recorded, so
-- that a view is recorded once per viewer, record and session within the
-- window (store_audit_append_views).  One row per (viewer, session,
-- member): seen_at is the time of the last recorded view.  The primary
-- key is what makes it hold across several server processes: the upsert
-- that claims a view is judged under it, inside the transaction that
-- appends the entry.  Rows older than the window are pruned.
CREATE TABLE audit_view_seen (
	viewer		TEXT NOT NULL,
	session		TEXT NOT NULL,
	member_id	INTEGER NOT NULL,
	seen_at		TEXT NOT NULL,
	PRIMARY KEY (viewer, session, member_id)
) WITHOUT ROWID;
CREATE INDEX ix_audit_view_seen__seen_at ON audit_view_seen (seen_at);

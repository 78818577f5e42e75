-- 0014-audit-view-indexes.sql (SQLite): dossier views leave the audit
-- trail's two secondary indexes.  Each view (member.view) is answered only
-- once its entry has committed (group commit, src/http/views.c), and its
-- two index entries, on random keys (the member, its organisation), were
-- a third of a view's write: 15-20 us a request at 64 connections
-- (docs/performance.md, "Durable dossier views").  No statement of chibo
-- reads these indexes on SQLite: the audit list (STMT_AUDIT_LIST, its
-- filters "? IS NULL OR ...") is planned as a scan of audit by id, with
-- or without them, ANALYZE or not; they are kept, for the other entries,
-- for queries that name their action.  PostgreSQL keeps them whole (its
-- custom plans use them for one member's trail): its 0014 only says so.
DROP INDEX ix_audit__object;
DROP INDEX ix_audit__org_id;
CREATE INDEX ix_audit__object ON audit (object_type, object_id, id)
	WHERE action <> 'member.view';
CREATE INDEX ix_audit__org_id ON audit (org_id, id)
	WHERE action <> 'member.view';

-- 0014-audit-view-indexes.sql (PostgreSQL): on SQLite the same migration
-- takes dossier views out of the audit trail's two secondary indexes (no
-- query reads them there, and they were a third of a durable view's
-- write).  PostgreSQL keeps them whole: with the parameters known, its
-- plans of the audit list use ix_audit__object for one member's trail,
-- views included.  This migration records that choice, so that both
-- backends stay at the same schema version.
COMMENT ON INDEX ix_audit__object IS
	'Every entry, dossier views included (SQLite: views left out, 0014)';
COMMENT ON INDEX ix_audit__org_id IS
	'Every entry, dossier views included (SQLite: views left out, 0014)';

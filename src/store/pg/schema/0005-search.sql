-- 0005-search.sql (PostgreSQL): the name search reads its candidates from
-- the fold indexes alone (STMT_MLIST_NAME_QC, index-only scans): each
-- index carries the sort key, the id and the state, and holds only records
-- not deleted.
DROP INDEX ix_member__name_fold;
DROP INDEX ix_member__given_fold;
CREATE INDEX ix_member__name_fold ON member (name_fold, sort_key, id)
	INCLUDE (state) WHERE deleted_at IS NULL;
CREATE INDEX ix_member__given_fold ON member (given_fold, sort_key, id)
	INCLUDE (state) WHERE deleted_at IS NULL;

-- 0005-search.sql (SQLite): the name search reads its candidates from the
-- fold indexes alone (STMT_MLIST_NAME_QC): each index carries the sort
-- key, the id and the state, and holds only records not deleted.
-- deleted_at is a column of the index too: SQLite counts a partial index
-- as covering only when every column the query names is in it.
DROP INDEX ix_member__name_fold;
DROP INDEX ix_member__given_fold;
CREATE INDEX ix_member__name_fold
	ON member (name_fold, sort_key, id, state, deleted_at)
	WHERE deleted_at IS NULL;
CREATE INDEX ix_member__given_fold
	ON member (given_fold, sort_key, id, state, deleted_at)
	WHERE deleted_at IS NULL;

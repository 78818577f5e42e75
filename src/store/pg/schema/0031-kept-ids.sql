-- 0031-kept-ids.sql (PostgreSQL): nothing to do.  SQLite's 0031 makes
-- the ids of the tables whose rows are deleted outright never handed out
-- again (AUTOINCREMENT); PostgreSQL's identity sequences never go back.
-- The number is kept on both backends so that a version names the same
-- schema on each.
SELECT 1;

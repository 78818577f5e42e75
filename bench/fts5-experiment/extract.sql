-- Extract the search's columns of the members not deleted from the
-- national file, read-only (two covering index scans, joined by id).
ATTACH 'file:/work/bench-nat/b.db?mode=ro' AS nat;
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE g (id INTEGER PRIMARY KEY, given_fold TEXT NOT NULL);
INSERT INTO g SELECT id, given_fold FROM nat.member
    INDEXED BY ix_member__given_fold WHERE deleted_at IS NULL ORDER BY id;
CREATE TABLE member (id INTEGER PRIMARY KEY, name_fold TEXT NOT NULL,
    given_fold TEXT NOT NULL, sort_key BLOB NOT NULL, state TEXT NOT NULL);
INSERT INTO member SELECT m.id, m.name_fold, g.given_fold, m.sort_key, m.state
    FROM nat.member AS m INDEXED BY ix_member__name_fold
    JOIN g ON g.id = m.id WHERE m.deleted_at IS NULL ORDER BY m.id;
DROP TABLE g;
DETACH nat;
VACUUM;

-- A member_word-like table (migration 0010's) filled with the national
-- file's rows, read-only, to time single writes into it (writes.c).
ATTACH 'file:/work/bench-nat/b.db?mode=ro' AS nat;
PRAGMA main.journal_mode = OFF;
PRAGMA main.synchronous = OFF;
CREATE TABLE mw (
	word		TEXT NOT NULL,
	pos		INTEGER NOT NULL,
	skey		BLOB NOT NULL,
	member_id	INTEGER NOT NULL,
	off		INTEGER NOT NULL,
	mstate		TEXT NOT NULL,
	wname		TEXT NOT NULL,
	PRIMARY KEY (word, pos, skey, member_id, off)
) WITHOUT ROWID;
INSERT INTO mw SELECT * FROM nat.member_word ORDER BY word, pos, skey, member_id, off;

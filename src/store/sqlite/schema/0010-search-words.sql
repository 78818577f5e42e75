-- 0010-search-words.sql (SQLite): search on any word of a name.  Same
-- table as the PostgreSQL migration of the same number.
--
-- member_word holds one row per word of the folded name (name_fold) of
-- every member not deleted: the word, its place (pos: 0 the first word,
-- 1 the last -- the given name -- of a name of several words, 2 a middle
-- word), the member's sort key and id, and the word's offset in name_fold
-- in characters (off), the member's state (mstate) and folded name
-- (wname, so
-- that a count of the members on the rolls matching a search reads this
-- table alone).  Its key
-- leads with (word, pos, skey): the members
-- having one word at one place come out of it already in list order, so
-- that the first page of a search merges a few such runs instead of
-- sorting every match (store-member.c, docs/architecture.md "Storage").
-- The store writes it with the member (insert, rename, delete, bulk
-- loads); the rows below are the backfill of the members already there,
-- split by the same rule as store-member.c's name_words().
CREATE TABLE member_word (
	word		TEXT NOT NULL,
	pos		INTEGER NOT NULL,
	skey		BLOB NOT NULL,
	member_id	INTEGER NOT NULL,
	off		INTEGER NOT NULL,
	mstate		TEXT NOT NULL,
	wname		TEXT NOT NULL,
	PRIMARY KEY (word, pos, skey, member_id, off)
) WITHOUT ROWID;

WITH RECURSIVE s(member_id, skey, rest, off, state, nf) AS (
	SELECT id, sort_key, name_fold, 0, state, name_fold FROM member
	WHERE deleted_at IS NULL
	UNION ALL
	SELECT member_id, skey, substr(rest, instr(rest, ' ') + 1),
	    off + instr(rest, ' '), state, nf
	FROM s WHERE instr(rest, ' ') > 0
)
INSERT INTO member_word (word, pos, skey, member_id, off, mstate,
    wname)
SELECT CASE WHEN instr(rest, ' ') > 0
	    THEN substr(rest, 1, instr(rest, ' ') - 1) ELSE rest END,
    CASE WHEN off = 0 THEN 0 WHEN instr(rest, ' ') = 0 THEN 1 ELSE 2 END,
    skey, member_id, off, state, nf
FROM s WHERE rest <> '' ORDER BY 1, 2, 3, 4, 5;

-- Digits search the dossier number by prefix, as the two unique IDs.
CREATE INDEX ix_member__dossier_no ON member (dossier_no)
	WHERE deleted_at IS NULL AND dossier_no IS NOT NULL;

-- 0010-search-words.sql (PostgreSQL): search on any word of a name.  Same
-- table as the SQLite migration of the same number; see the comment there.
CREATE TABLE member_word (
	word		text COLLATE "C" NOT NULL,
	pos		integer NOT NULL,
	skey		bytea NOT NULL,
	member_id	bigint NOT NULL,
	off		integer NOT NULL,
	mstate		text NOT NULL,
	wname		text COLLATE "C" NOT NULL,
	PRIMARY KEY (word, pos, skey, member_id, off) INCLUDE (mstate, wname)
);

WITH RECURSIVE s(member_id, skey, rest, off, state, nf) AS (
	SELECT id, sort_key, name_fold COLLATE "default", 0, state, name_fold FROM member
	WHERE deleted_at IS NULL
	UNION ALL
	SELECT member_id, skey, substr(rest, strpos(rest, ' ') + 1),
	    off + strpos(rest, ' '), state, nf
	FROM s WHERE strpos(rest, ' ') > 0
)
INSERT INTO member_word (word, pos, skey, member_id, off, mstate,
    wname)
SELECT CASE WHEN strpos(rest, ' ') > 0
	    THEN substr(rest, 1, strpos(rest, ' ') - 1) ELSE rest END,
    CASE WHEN off = 0 THEN 0 WHEN strpos(rest, ' ') = 0 THEN 1 ELSE 2 END,
    skey, member_id, off, state, nf
FROM s WHERE rest <> '';

-- Digits search the citizen ID, card and dossier numbers by prefix: a
-- range in byte order (COLLATE "C", as SQLite compares), whatever the
-- database's collation.
CREATE INDEX ix_member__citizen_id_c ON member (citizen_id COLLATE "C")
	WHERE deleted_at IS NULL AND citizen_id IS NOT NULL;
CREATE INDEX ix_member__card_no_c ON member (card_no COLLATE "C")
	WHERE deleted_at IS NULL AND card_no IS NOT NULL;
CREATE INDEX ix_member__dossier_no ON member (dossier_no COLLATE "C")
	WHERE deleted_at IS NULL AND dossier_no IS NOT NULL;

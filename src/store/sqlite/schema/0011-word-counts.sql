-- 0011-word-counts.sql (SQLite): how many members have each word of
-- member_word at each place, by state.  Same table as the PostgreSQL
-- migration of the same number.
--
-- n is the number of distinct members (not rows: a middle word may come
-- twice in one name) having word at place pos (member_word's: 0 the
-- first word, 1 the given name, 2 a middle word) on state mstate.  The
-- search reads it to choose its driving query word (the one whose words
-- have the fewest rows) and to settle a one-word count above its bound
-- without reading member_word (store-member.c, docs/architecture.md
-- "Storage").  The store keeps it with member_word, in the same
-- transaction (insert, rename, state change, delete, bulk loads); a row
-- whose n falls to 0 stays.
CREATE TABLE member_word_n (
	word		TEXT NOT NULL,
	pos		INTEGER NOT NULL,
	mstate		TEXT NOT NULL,
	n		INTEGER NOT NULL,
	PRIMARY KEY (word, pos, mstate)
) WITHOUT ROWID;

INSERT INTO member_word_n (word, pos, mstate, n)
SELECT word, pos, mstate, count(DISTINCT member_id) FROM member_word
GROUP BY word, pos, mstate;

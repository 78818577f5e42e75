-- 0011-word-counts.sql (PostgreSQL): how many members have each word of
-- member_word at each place, by state.  Same table as the SQLite
-- migration of the same number; see the comment there.
CREATE TABLE member_word_n (
	word		text COLLATE "C" NOT NULL,
	pos		integer NOT NULL,
	mstate		text NOT NULL,
	n		bigint NOT NULL,
	PRIMARY KEY (word, pos, mstate)
);

INSERT INTO member_word_n (word, pos, mstate, n)
SELECT word, pos, mstate, count(DISTINCT member_id) FROM member_word
GROUP BY word, pos, mstate;

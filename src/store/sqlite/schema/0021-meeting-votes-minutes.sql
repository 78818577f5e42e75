-- 0021-meeting-votes-minutes.sql (SQLite): a meeting's votes, its minutes
-- and the corrections of locked minutes (issue 13).  The columns follow
-- the field tables (core/entity.h MEETING_VOTE_FIELDS,
-- MEETING_MINUTES_FIELDS, MINUTES_CORRECTION_FIELDS) in their order; the
-- vote's counts are n_for, n_against, n_abstain (JSON for, against,
-- abstain).  Times are UTC text "YYYY-MM-DDTHH:MM:SSZ".
CREATE TABLE IF NOT EXISTS meeting_vote (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES meeting (id),
	kind		TEXT NOT NULL,
	secret		INTEGER NOT NULL DEFAULT 0 CHECK (secret IN (0, 1)),
	n_for		INTEGER NOT NULL CHECK (n_for >= 0),
	n_against	INTEGER NOT NULL CHECK (n_against >= 0),
	n_abstain	INTEGER NOT NULL CHECK (n_abstain >= 0),
	subject		TEXT,
	base		INTEGER NOT NULL,
	threshold	INTEGER NOT NULL,
	passed		INTEGER NOT NULL CHECK (passed IN (0, 1)),
	rule_id		TEXT NOT NULL,
	citation	TEXT,
	recorded_by	TEXT,
	created_at	TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_meeting_vote__meeting_id
	ON meeting_vote (meeting_id, id);

CREATE TABLE IF NOT EXISTS meeting_minutes (
	meeting_id	INTEGER PRIMARY KEY REFERENCES meeting (id),
	course		TEXT,
	opinions	TEXT,
	conclusions	TEXT,
	notes		TEXT,
	state		TEXT NOT NULL,
	chair_signed_at	TEXT,
	chair_signed_by	TEXT,
	chair_sign_reason TEXT,
	secretary_signed_at TEXT,
	secretary_signed_by TEXT,
	secretary_sign_reason TEXT,
	locked_at	TEXT,
	locked_by	TEXT,
	recorded_by	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	updated_at	TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS meeting_minutes_correction (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES meeting_minutes (meeting_id),
	field		TEXT NOT NULL,
	text		TEXT NOT NULL,
	reason		TEXT NOT NULL,
	recorded_by	TEXT,
	recorded_at	TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_meeting_minutes_correction__meeting_id
	ON meeting_minutes_correction (meeting_id, id);

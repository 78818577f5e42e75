-- 0022-resolution.sql (SQLite): a meeting's resolution (nghị quyết), the
-- tasks it gives and the meeting's self-score (issue 13).  Times are
-- instants in UTC text, "YYYY-MM-DDTHH:MM:SSZ", as in 0018.
-- IF NOT EXISTS: a test re-runs the migrations after 0011
-- (test_audit_upgrade) on a database that has these tables.

-- One resolution per meeting.  Its number (Số 05-NQ/CB) is given when it
-- is approved, from resolution_series, in the approving transaction: one
-- series per organisation and year (the meeting's year in Vietnam time),
-- unique and without gaps.
CREATE TABLE IF NOT EXISTS meeting_resolution (
	meeting_id	INTEGER PRIMARY KEY REFERENCES meeting (id),
	org_id		INTEGER NOT NULL REFERENCES org (id),
	year		INTEGER NOT NULL,
	number		INTEGER,
	status		TEXT NOT NULL DEFAULT 'draft'
			    CHECK (status IN ('draft', 'approved')),
	results		TEXT,
	directions	TEXT,
	vote_for	INTEGER,
	vote_total	INTEGER,
	approved_at	TEXT,
	approved_by	TEXT,
	recorded_by	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_meeting_resolution__number
	ON meeting_resolution (org_id, year, number);

CREATE TABLE IF NOT EXISTS resolution_series (
	org_id		INTEGER NOT NULL REFERENCES org (id),
	year		INTEGER NOT NULL,
	last		INTEGER NOT NULL,
	PRIMARY KEY (org_id, year)
) WITHOUT ROWID;

-- A task given by a meeting (section III of its resolution), tracked
-- until done: to a member of the organisation (assignee_id) or to a
-- group named in text (assignee_text).
CREATE TABLE IF NOT EXISTS meeting_task (
	id		INTEGER PRIMARY KEY,
	org_id		INTEGER NOT NULL REFERENCES org (id),
	meeting_id	INTEGER NOT NULL REFERENCES meeting (id),
	assignee_id	INTEGER REFERENCES member (id),
	assignee_text	TEXT,
	what		TEXT NOT NULL,
	due_on		TEXT,
	status		TEXT NOT NULL DEFAULT 'open'
			    CHECK (status IN ('open', 'done', 'dropped')),
	result		TEXT,
	done_at		TEXT,
	recorded_by	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_meeting_task__org_id
	ON meeting_task (org_id, status, id);
CREATE INDEX IF NOT EXISTS ix_meeting_task__meeting_id
	ON meeting_task (meeting_id, id);
CREATE INDEX IF NOT EXISTS ix_meeting_task__assignee_id
	ON meeting_task (assignee_id, id);

-- Section I of a resolution: the earlier meetings' tasks that were open
-- when its draft was made, reported against their results.
CREATE TABLE IF NOT EXISTS meeting_resolution_item (
	meeting_id	INTEGER NOT NULL REFERENCES meeting (id),
	task_id		INTEGER NOT NULL REFERENCES meeting_task (id),
	PRIMARY KEY (meeting_id, task_id)
) WITHOUT ROWID;

-- The meeting's self-score on the HD 42 sheet as judged by the rulebook
-- (core/meeting-rules.c meeting_quality_judge): the scores as a JSON
-- object, their total, the band and the rule.
CREATE TABLE IF NOT EXISTS meeting_score (
	meeting_id	INTEGER PRIMARY KEY REFERENCES meeting (id),
	org_id		INTEGER NOT NULL REFERENCES org (id),
	scores		TEXT NOT NULL,
	total		INTEGER NOT NULL,
	max_total	INTEGER NOT NULL,
	band		TEXT NOT NULL,
	rule_id		TEXT NOT NULL,
	citation	TEXT,
	recorded_by	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	updated_at	TEXT NOT NULL
);

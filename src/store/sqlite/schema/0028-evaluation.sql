-- 0028-evaluation.sql (SQLite): evaluation periods, the evaluations of
-- members and organisations in them, and comments on evaluations (issue
-- 15; ../shared/domain/rules.md §1 and Additions A.3).  The columns
-- follow the field tables (core/entity.h EVALUATION_PERIOD_FIELDS,
-- EVALUATION_FIELDS, EVALUATION_COMMENT_FIELDS) in their order; a
-- period's "from" and "to" are from_date and to_date.  A score is kept in
-- tenths of a point (0..1000); criteria and reasons are JSON arrays'
-- text.  A locked period is final.
CREATE TABLE IF NOT EXISTS evaluation_period (
	id		INTEGER PRIMARY KEY,
	org_id		INTEGER NOT NULL REFERENCES org (id),
	kind		TEXT NOT NULL
			    CHECK (kind IN ('year', 'quarter', 'ad_hoc')),
	year		INTEGER NOT NULL,
	quarter		INTEGER NOT NULL DEFAULT 0
			    CHECK (quarter BETWEEN 0 AND 4),
	from_date	TEXT NOT NULL,
	to_date		TEXT NOT NULL,
	title		TEXT,
	status		TEXT NOT NULL DEFAULT 'open'
			    CHECK (status IN ('open', 'locked')),
	locked_at	TEXT,
	locked_by	TEXT,
	recorded_by	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	CHECK ((kind = 'quarter') = (quarter > 0)),
	CHECK (from_date <= to_date)
);
-- One year period per organisation and year, one quarter period per
-- organisation, year and quarter.
CREATE UNIQUE INDEX IF NOT EXISTS ux_evaluation_period__year
	ON evaluation_period (org_id, year) WHERE kind = 'year';
CREATE UNIQUE INDEX IF NOT EXISTS ux_evaluation_period__quarter
	ON evaluation_period (org_id, year, quarter) WHERE kind = 'quarter';
CREATE INDEX IF NOT EXISTS ix_evaluation_period__year
	ON evaluation_period (year, id);

CREATE TABLE IF NOT EXISTS evaluation (
	id		INTEGER PRIMARY KEY,
	period_id	INTEGER NOT NULL REFERENCES evaluation_period (id),
	subject		TEXT NOT NULL CHECK (subject IN ('member', 'org')),
	member_id	INTEGER REFERENCES member (id),
	org_id		INTEGER REFERENCES org (id),
	subject_org_id	INTEGER NOT NULL REFERENCES org (id),
	score		INTEGER NOT NULL DEFAULT 0
			    CHECK (score BETWEEN 0 AND 1000),
	criteria	TEXT,
	tasks_total	INTEGER NOT NULL DEFAULT 0 CHECK (tasks_total >= 0),
	tasks_on_time	INTEGER NOT NULL DEFAULT 0
			    CHECK (tasks_on_time BETWEEN 0 AND tasks_total),
	tasks_exceeded	INTEGER NOT NULL DEFAULT 0
			    CHECK (tasks_exceeded BETWEEN 0 AND tasks_total),
	sick_leave_months INTEGER NOT NULL DEFAULT 0
			    CHECK (sick_leave_months >= 0),
	note		TEXT,
	self_level	TEXT,
	computed_level	TEXT,
	reasons		TEXT,
	proposed_level	TEXT,
	proposed_reason	TEXT,
	vote_base	INTEGER NOT NULL DEFAULT 0,
	vote_for	INTEGER NOT NULL DEFAULT 0,
	vote_against	INTEGER NOT NULL DEFAULT 0,
	vote_abstain	INTEGER NOT NULL DEFAULT 0,
	proposed_at	TEXT,
	proposed_by	TEXT,
	decided_level	TEXT,
	decided_reason	TEXT,
	decided_at	TEXT,
	decided_by	TEXT,
	status		TEXT NOT NULL DEFAULT 'submitted'
			    CHECK (status IN ('draft', 'submitted', 'proposed',
			        'decided')),
	recorded_by	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	CHECK ((subject = 'member') = (member_id IS NOT NULL)),
	CHECK ((subject = 'org') = (org_id IS NOT NULL))
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_evaluation__member_id
	ON evaluation (period_id, member_id) WHERE member_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS ux_evaluation__org_id
	ON evaluation (period_id, org_id) WHERE org_id IS NOT NULL;
-- A member's history, an organisation's, a scope's evaluations.
CREATE INDEX IF NOT EXISTS ix_evaluation__member_id
	ON evaluation (member_id, period_id);
CREATE INDEX IF NOT EXISTS ix_evaluation__org_id
	ON evaluation (org_id, period_id);
CREATE INDEX IF NOT EXISTS ix_evaluation__subject_org_id
	ON evaluation (subject_org_id, period_id);
-- The calibration: who is proposed excellent in a period; the lock: how
-- many are undecided.
CREATE INDEX IF NOT EXISTS ix_evaluation__period_id
	ON evaluation (period_id, proposed_level);

CREATE TABLE IF NOT EXISTS evaluation_comment (
	id		INTEGER PRIMARY KEY,
	evaluation_id	INTEGER NOT NULL REFERENCES evaluation (id),
	author		TEXT NOT NULL,
	author_member_id INTEGER REFERENCES member (id),
	text		TEXT NOT NULL,
	created_at	TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_evaluation_comment__evaluation_id
	ON evaluation_comment (evaluation_id, id);

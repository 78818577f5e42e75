-- 0031-kept-ids.sql (SQLite): ids of the tables whose rows are deleted
-- outright are never handed out again.  Without AUTOINCREMENT, SQLite
-- gives a new row the largest id in the table plus one: when the row
-- with the largest id was deleted, the next row got its id back, and the
-- audit's "evaluation 1561 deleted" then named a different, later
-- evaluation 1561 (tests/api/test_durability.py saw it through a
-- SIGKILL).  PostgreSQL's sequences never go back (its 0031 only records
-- the version).
--
-- SQLite cannot add AUTOINCREMENT to a table: each is rebuilt with its
-- rows and indexes.  A parent's new table is made first and its
-- children's new tables refer to it, so dropping the old ones breaks no
-- reference with foreign keys on; the renames carry the references over.
-- Each counter then starts after the largest id in the table or named
-- by the audit trail (the rows deleted before this migration), whichever
-- is larger; the children (items, recommendations, attachments,
-- materials, comments) are audited under their parent's id and start
-- after their table's largest.  The columns are those of the database at
-- 0030 (0020, 0025-0028), in their order.  Re-runnable.

-- inspection_programme, inspection_programme_item
CREATE TABLE inspection_programme_0031 (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id		INTEGER NOT NULL REFERENCES org (id),
	body		TEXT NOT NULL CHECK (body IN ('committee',
			    'inspection_commission', 'cell')),
	year		INTEGER NOT NULL,
	title		TEXT NOT NULL,
	doc_no		TEXT,
	approved_on	TEXT,
	status		TEXT NOT NULL DEFAULT 'draft'
			    CHECK (status IN ('draft', 'approved')),
	recorded_by	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
INSERT INTO inspection_programme_0031 SELECT * FROM inspection_programme;
CREATE TABLE inspection_programme_item_0031 (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	programme_id	INTEGER NOT NULL REFERENCES inspection_programme_0031 (id),
	kind		TEXT NOT NULL CHECK (kind IN ('inspection',
			    'supervision')),
	form		TEXT NOT NULL,
	subject_org_id	INTEGER REFERENCES org (id),
	subject_member_id INTEGER REFERENCES member (id),
	content_codes	TEXT NOT NULL DEFAULT '[]',
	planned_from	TEXT,
	planned_to	TEXT,
	team		TEXT,
	status		TEXT NOT NULL DEFAULT 'planned'
			    CHECK (status IN ('planned', 'in_progress', 'done',
			    'cancelled')),
	note		TEXT,
	recorded_by	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	CHECK ((subject_org_id IS NULL) <> (subject_member_id IS NULL))
);
INSERT INTO inspection_programme_item_0031 SELECT * FROM inspection_programme_item;
DROP TABLE inspection_programme_item;
DROP TABLE inspection_programme;
ALTER TABLE inspection_programme_0031 RENAME TO inspection_programme;
ALTER TABLE inspection_programme_item_0031 RENAME TO inspection_programme_item;
CREATE INDEX IF NOT EXISTS ix_inspection_programme__org_id
	ON inspection_programme (org_id, year, id);
CREATE INDEX IF NOT EXISTS ix_inspection_programme__year
	ON inspection_programme (year, id);
CREATE INDEX IF NOT EXISTS ix_inspection_programme_item__programme_id
	ON inspection_programme_item (programme_id, id);
CREATE INDEX IF NOT EXISTS ix_inspection_programme_item__subject_org_id
	ON inspection_programme_item (subject_org_id);
INSERT INTO sqlite_sequence (name, seq) SELECT 'inspection_programme', 0
	WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'inspection_programme');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(object_id)
	    FROM audit WHERE object_type = 'inspection_programme' AND action <> 'member.view'), 0))
	WHERE name = 'inspection_programme';
INSERT INTO sqlite_sequence (name, seq) SELECT 'inspection_programme_item', 0
	WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'inspection_programme_item');

-- org_term
CREATE TABLE org_term_0031 (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id		INTEGER NOT NULL REFERENCES org (id),
	name		TEXT NOT NULL,
	starts_on	TEXT NOT NULL,
	ends_on		TEXT NOT NULL,
	note		TEXT,
	recorded_by	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	CHECK (ends_on > starts_on)
);
INSERT INTO org_term_0031 SELECT * FROM org_term;
DROP TABLE org_term;
ALTER TABLE org_term_0031 RENAME TO org_term;
CREATE INDEX IF NOT EXISTS ix_org_term__org_id
	ON org_term (org_id, starts_on, id);
INSERT INTO sqlite_sequence (name, seq) SELECT 'org_term', 0
	WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'org_term');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(object_id)
	    FROM audit WHERE object_type = 'org_term' AND action <> 'member.view'), 0))
	WHERE name = 'org_term';

-- inspection, inspection_recommendation, inspection_attachment
CREATE TABLE inspection_0031 (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id		INTEGER NOT NULL REFERENCES org (id),
	body		TEXT NOT NULL CHECK (body IN ('committee',
			    'inspection_commission', 'cell')),
	kind		TEXT NOT NULL CHECK (kind IN ('inspection',
			    'supervision')),
	form		TEXT NOT NULL CHECK (form IN ('regular', 'thematic',
			    'on_signs_of_violation', 'self')),
	subject_org_id	INTEGER REFERENCES org (id),
	subject_member_id INTEGER REFERENCES member (id),
	programme_id	INTEGER,
	content_codes	TEXT NOT NULL DEFAULT '[]',
	decided_on	TEXT,
	doc_no		TEXT,
	from_on		TEXT,
	to_on		TEXT,
	team		TEXT,
	findings	TEXT,
	conclusion	TEXT,
	status		TEXT NOT NULL CHECK (status IN ('planned',
			    'in_progress', 'concluded', 'cancelled')),
	recorded_by	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	CHECK ((subject_org_id IS NULL) <> (subject_member_id IS NULL))
);
INSERT INTO inspection_0031 SELECT * FROM inspection;
CREATE TABLE inspection_recommendation_0031 (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	inspection_id	INTEGER NOT NULL REFERENCES inspection_0031 (id),
	text		TEXT NOT NULL,
	owner		TEXT NOT NULL,
	owner_org_id	INTEGER REFERENCES org (id),
	due_on		TEXT,
	done_on		TEXT,
	result		TEXT,
	recorded_by	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
INSERT INTO inspection_recommendation_0031 SELECT * FROM inspection_recommendation;
CREATE TABLE inspection_attachment_0031 (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	inspection_id	INTEGER NOT NULL REFERENCES inspection_0031 (id),
	name		TEXT NOT NULL,
	content_type	TEXT NOT NULL,
	size		INTEGER NOT NULL,
	sha256		TEXT NOT NULL,
	recorded_by	TEXT,
	created_at	TEXT NOT NULL,
	data		BLOB NOT NULL
);
INSERT INTO inspection_attachment_0031 SELECT * FROM inspection_attachment;
DROP TABLE inspection_attachment;
DROP TABLE inspection_recommendation;
DROP TABLE inspection;
ALTER TABLE inspection_0031 RENAME TO inspection;
ALTER TABLE inspection_recommendation_0031 RENAME TO inspection_recommendation;
ALTER TABLE inspection_attachment_0031 RENAME TO inspection_attachment;
CREATE INDEX IF NOT EXISTS ix_inspection__org_id
	ON inspection (org_id, id);
CREATE INDEX IF NOT EXISTS ix_inspection__subject_member_id
	ON inspection (subject_member_id, id);
CREATE INDEX IF NOT EXISTS ix_inspection__subject_org_id
	ON inspection (subject_org_id, decided_on);
CREATE INDEX IF NOT EXISTS ix_inspection_recommendation__due_on
	ON inspection_recommendation (due_on) WHERE done_on IS NULL;
CREATE INDEX IF NOT EXISTS ix_inspection_recommendation__inspection_id
	ON inspection_recommendation (inspection_id, id);
CREATE INDEX IF NOT EXISTS ix_inspection_attachment__inspection_id
	ON inspection_attachment (inspection_id, id);
INSERT INTO sqlite_sequence (name, seq) SELECT 'inspection', 0
	WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'inspection');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(object_id)
	    FROM audit WHERE object_type = 'inspection' AND action <> 'member.view'), 0))
	WHERE name = 'inspection';
INSERT INTO sqlite_sequence (name, seq) SELECT 'inspection_recommendation', 0
	WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'inspection_recommendation');
INSERT INTO sqlite_sequence (name, seq) SELECT 'inspection_attachment', 0
	WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'inspection_attachment');

-- discipline_case
CREATE TABLE discipline_case_0031 (
	id			INTEGER PRIMARY KEY AUTOINCREMENT,
	subject			TEXT NOT NULL
				    CHECK (subject IN ('member', 'org')),
	member_id		INTEGER REFERENCES member (id),
	org_id			INTEGER REFERENCES org (id),
	violation_code		TEXT NOT NULL,
	violation_on		TEXT NOT NULL,
	violation_until		TEXT,
	discovered_on		TEXT,
	upper_task		INTEGER NOT NULL DEFAULT 0
				    CHECK (upper_task IN (0, 1)),
	deciding_org_id		INTEGER NOT NULL REFERENCES org (id),
	deciding_body		TEXT NOT NULL,
	form			TEXT NOT NULL,
	vote_for		INTEGER NOT NULL DEFAULT 0,
	vote_against		INTEGER NOT NULL DEFAULT 0,
	vote_abstain		INTEGER NOT NULL DEFAULT 0,
	base			INTEGER NOT NULL DEFAULT 0,
	decided_on		TEXT,
	effective_on		TEXT,
	doc_no			TEXT,
	deferral		TEXT,
	received_on		TEXT,
	complained_on		TEXT,
	complaint_outcome	TEXT,
	complaint_decided_on	TEXT,
	note			TEXT,
	recorded_by		TEXT,
	version			INTEGER NOT NULL DEFAULT 1,
	created_at		TEXT NOT NULL,
	updated_at		TEXT NOT NULL,
	CHECK ((subject = 'member') = (member_id IS NOT NULL)),
	CHECK ((subject = 'org') = (org_id IS NOT NULL))
);
INSERT INTO discipline_case_0031 SELECT * FROM discipline_case;
DROP TABLE discipline_case;
ALTER TABLE discipline_case_0031 RENAME TO discipline_case;
CREATE INDEX IF NOT EXISTS ix_discipline_case__member_id
	ON discipline_case (member_id, violation_on);
CREATE INDEX IF NOT EXISTS ix_discipline_case__org_id
	ON discipline_case (org_id, violation_on);
INSERT INTO sqlite_sequence (name, seq) SELECT 'discipline_case', 0
	WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'discipline_case');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(object_id)
	    FROM audit WHERE object_type = 'discipline_case' AND action <> 'member.view'), 0))
	WHERE name = 'discipline_case';

-- meeting_material
CREATE TABLE meeting_material_0031 (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	meeting_id	INTEGER NOT NULL REFERENCES meeting (id),
	name		TEXT NOT NULL,
	content_type	TEXT NOT NULL,
	size		INTEGER NOT NULL,
	sha256		TEXT NOT NULL,
	available_at	TEXT NOT NULL,
	recorded_by	TEXT,
	created_at	TEXT NOT NULL,
	data		BLOB NOT NULL
);
INSERT INTO meeting_material_0031 SELECT * FROM meeting_material;
DROP TABLE meeting_material;
ALTER TABLE meeting_material_0031 RENAME TO meeting_material;
CREATE INDEX IF NOT EXISTS ix_meeting_material__meeting_id
	ON meeting_material (meeting_id, id);
INSERT INTO sqlite_sequence (name, seq) SELECT 'meeting_material', 0
	WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'meeting_material');

-- evaluation, evaluation_comment
CREATE TABLE evaluation_0031 (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO evaluation_0031 SELECT * FROM evaluation;
CREATE TABLE evaluation_comment_0031 (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	evaluation_id	INTEGER NOT NULL REFERENCES evaluation_0031 (id),
	author		TEXT NOT NULL,
	author_member_id INTEGER REFERENCES member (id),
	text		TEXT NOT NULL,
	created_at	TEXT NOT NULL
);
INSERT INTO evaluation_comment_0031 SELECT * FROM evaluation_comment;
DROP TABLE evaluation_comment;
DROP TABLE evaluation;
ALTER TABLE evaluation_0031 RENAME TO evaluation;
ALTER TABLE evaluation_comment_0031 RENAME TO evaluation_comment;
CREATE INDEX IF NOT EXISTS ix_evaluation__member_id
	ON evaluation (member_id, period_id);
CREATE INDEX IF NOT EXISTS ix_evaluation__org_id
	ON evaluation (org_id, period_id);
CREATE INDEX IF NOT EXISTS ix_evaluation__period_id
	ON evaluation (period_id, proposed_level);
CREATE INDEX IF NOT EXISTS ix_evaluation__subject_org_id
	ON evaluation (subject_org_id, period_id);
CREATE UNIQUE INDEX IF NOT EXISTS ux_evaluation__member_id
	ON evaluation (period_id, member_id) WHERE member_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS ux_evaluation__org_id
	ON evaluation (period_id, org_id) WHERE org_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_evaluation_comment__evaluation_id
	ON evaluation_comment (evaluation_id, id);
INSERT INTO sqlite_sequence (name, seq) SELECT 'evaluation', 0
	WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'evaluation');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(object_id)
	    FROM audit WHERE object_type = 'evaluation' AND action <> 'member.view'), 0))
	WHERE name = 'evaluation';
INSERT INTO sqlite_sequence (name, seq) SELECT 'evaluation_comment', 0
	WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'evaluation_comment');

-- 0026-inspection.sql (SQLite): inspections and supervisions, their
-- recommendations followed until done, and their attachments (issue 14;
-- ../shared/domain/rules.md §6.1).  The columns follow the field tables
-- (core/entity.h INSPECTION_FIELDS, INSPECTION_RECOMMENDATION_FIELDS) in
-- their order, but for from and to, whose columns are from_on and to_on.
-- Dates are ISO text "YYYY-MM-DD", times instants in UTC text.
-- IF NOT EXISTS: a test re-runs the migrations after 0011
-- (test_audit_upgrade) on a database that has these tables.

-- One table for both kinds.  org_id is the conducting body's
-- organisation; the subject is an organisation or a member inside its
-- subtree (exactly one of the two).  A self-inspection is the
-- organisation's own: subject_org_id = org_id and form 'self'.
-- programme_id names an item of wt-term's inspection_programme (0025),
-- checked by the service, not by a foreign key.  content_codes is a
-- JSON array of the rulebook's inspection.contents codes.
CREATE TABLE IF NOT EXISTS inspection (
	id		INTEGER PRIMARY KEY,
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
CREATE INDEX IF NOT EXISTS ix_inspection__org_id
	ON inspection (org_id, id);
-- The coverage reads: who was the subject, when.
CREATE INDEX IF NOT EXISTS ix_inspection__subject_org_id
	ON inspection (subject_org_id, decided_on);
CREATE INDEX IF NOT EXISTS ix_inspection__subject_member_id
	ON inspection (subject_member_id, id);

-- A recommendation (kiến nghị) of an inspection, followed until done:
-- its owner named in text (and the organisation when it is one).
CREATE TABLE IF NOT EXISTS inspection_recommendation (
	id		INTEGER PRIMARY KEY,
	inspection_id	INTEGER NOT NULL REFERENCES inspection (id),
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
CREATE INDEX IF NOT EXISTS ix_inspection_recommendation__inspection_id
	ON inspection_recommendation (inspection_id, id);
CREATE INDEX IF NOT EXISTS ix_inspection_recommendation__due_on
	ON inspection_recommendation (due_on) WHERE done_on IS NULL;

-- An inspection's attachments, stored like the meetings' materials
-- (0020): the bytes in the database so that a backup holds them.
CREATE TABLE IF NOT EXISTS inspection_attachment (
	id		INTEGER PRIMARY KEY,
	inspection_id	INTEGER NOT NULL REFERENCES inspection (id),
	name		TEXT NOT NULL,
	content_type	TEXT NOT NULL,
	size		INTEGER NOT NULL,
	sha256		TEXT NOT NULL,
	recorded_by	TEXT,
	created_at	TEXT NOT NULL,
	data		BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_inspection_attachment__inspection_id
	ON inspection_attachment (inspection_id, id);

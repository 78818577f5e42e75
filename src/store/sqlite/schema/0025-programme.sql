-- 0025-programme.sql (SQLite): the terms (nhiệm kỳ) of an organisation's
-- committee and the yearly inspection and supervision programmes of a
-- body with their items (issue 14).  The columns follow the field tables
-- (core/entity.h ORG_TERM_FIELDS, INSPECTION_PROGRAMME_FIELDS,
-- INSPECTION_PROGRAMME_ITEM_FIELDS) in their order.
-- IF NOT EXISTS: a test re-runs the migrations after 0011
-- (test_audit_upgrade) on a database that has these tables.

-- A term of an organisation's committee.  Terms of one organisation do
-- not overlap (svc/term.c checks it, 422 term_overlap).
CREATE TABLE IF NOT EXISTS org_term (
	id		INTEGER PRIMARY KEY,
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
-- An organisation's terms in time order (the one in force on a day).
CREATE INDEX IF NOT EXISTS ix_org_term__org_id
	ON org_term (org_id, starts_on, id);

-- A body's programme for a year: the committee's, its inspection
-- commission's, or a cell's (its annual self-inspection and supervision
-- programme).
CREATE TABLE IF NOT EXISTS inspection_programme (
	id		INTEGER PRIMARY KEY,
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
CREATE INDEX IF NOT EXISTS ix_inspection_programme__org_id
	ON inspection_programme (org_id, year, id);
CREATE INDEX IF NOT EXISTS ix_inspection_programme__year
	ON inspection_programme (year, id);

-- An item of a programme: who (an organisation or a member, never both)
-- is inspected or supervised, in which form, on which contents (a JSON
-- array of codes of the rulebook's inspection.contents), when, by whom.
CREATE TABLE IF NOT EXISTS inspection_programme_item (
	id		INTEGER PRIMARY KEY,
	programme_id	INTEGER NOT NULL REFERENCES inspection_programme (id),
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
CREATE INDEX IF NOT EXISTS ix_inspection_programme_item__programme_id
	ON inspection_programme_item (programme_id, id);
CREATE INDEX IF NOT EXISTS ix_inspection_programme_item__subject_org_id
	ON inspection_programme_item (subject_org_id);

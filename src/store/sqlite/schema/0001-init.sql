-- 0001-init.sql (SQLite): the member register and the organisation tree.
--
-- Dates are ISO "YYYY-MM-DD" TEXT (NULL when unknown), timestamps ISO 8601
-- UTC TEXT "YYYY-MM-DDTHH:MM:SSZ".  *_fold columns hold util/text.h's
-- text_fold() of a name (search keys, compared bytewise); sort_key and
-- name_key hold text_sort_key() bytes (memcmp order = list order).
-- Unique indexes are named ux_<table>__<field> and checks
-- ck_<table>__<field>: the store reports the field from the name.
-- schema_version is created by the store itself, before any migration.

CREATE TABLE meta (
	key		TEXT PRIMARY KEY,
	value		TEXT NOT NULL
);

-- Organisations: a tree kept as a materialised path, the ids of the root ..
-- the node itself in ten digits ("/0000000001/0000000005/" for 1 > 5).
-- A subtree is the path range [P, P with its last '/' replaced by '0'),
-- which an index can scan.
CREATE TABLE org (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL,
	name		TEXT NOT NULL,
	name_fold	TEXT NOT NULL,
	name_key	BLOB NOT NULL,
	code		TEXT NOT NULL,
	code_fold	TEXT NOT NULL,
	parent_id	INTEGER REFERENCES org (id),
	path		TEXT NOT NULL,
	depth		INTEGER NOT NULL,
	valid_from	TEXT NOT NULL,
	valid_to	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_org__code ON org (code);
CREATE UNIQUE INDEX ux_org__path ON org (path);
CREATE INDEX ix_org__parent_id ON org (parent_id);

CREATE TABLE org_event (
	id		INTEGER PRIMARY KEY,
	org_id		INTEGER NOT NULL REFERENCES org (id),
	kind		TEXT NOT NULL,
	on_date		TEXT,
	doc_no		TEXT,
	details		TEXT,
	recorded_by	TEXT,
	recorded_at	TEXT NOT NULL
);
CREATE INDEX ix_org_event__org_id ON org_event (org_id, on_date, id);

CREATE TABLE member (
	id		INTEGER PRIMARY KEY,
	full_name	TEXT NOT NULL,
	name_fold	TEXT NOT NULL,
	given_fold	TEXT NOT NULL,
	sort_key	BLOB NOT NULL,
	gender		TEXT CONSTRAINT ck_member__gender
			    CHECK (gender IN ('male', 'female')),
	birth_date	TEXT,
	birthplace	TEXT,
	hometown	TEXT,
	ethnicity	TEXT,
	religion	TEXT,
	citizen_id	TEXT,
	card_no		TEXT,
	dossier_no	TEXT,
	admission_decision_date TEXT,
	admitted_on	TEXT,
	official_on	TEXT,
	status		TEXT CONSTRAINT ck_member__status
			    CHECK (status IN ('probationary', 'official')),
	exempt_since	TEXT,
	org_id		INTEGER REFERENCES org (id),
	job_title	TEXT,
	education	TEXT,
	professional_level TEXT,
	theory_level	TEXT,
	phone		TEXT,
	email		TEXT,
	state		TEXT NOT NULL DEFAULT 'active' CONSTRAINT ck_member__state
			    CHECK (state IN ('active', 'transferred_out', 'died',
			    'removed', 'expelled', 'left')),
	deleted_at	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
-- A deleted record keeps its IDs but no longer blocks them.
CREATE UNIQUE INDEX ux_member__citizen_id ON member (citizen_id)
	WHERE deleted_at IS NULL AND citizen_id IS NOT NULL;
CREATE UNIQUE INDEX ux_member__card_no ON member (card_no)
	WHERE deleted_at IS NULL AND card_no IS NOT NULL;
-- Keyset pagination: (sort column, id) for each list order.  Unknown dates
-- sort first, as '' (the same expression is in the list statements).
CREATE INDEX ix_member__sort_key ON member (sort_key, id);
CREATE INDEX ix_member__birth_date ON member (coalesce(birth_date, ''), id);
CREATE INDEX ix_member__admitted_on ON member (coalesce(admitted_on, ''), id);
CREATE INDEX ix_member__name_fold ON member (name_fold);
CREATE INDEX ix_member__given_fold ON member (given_fold);
CREATE INDEX ix_member__org_id ON member (org_id);

CREATE TABLE member_event (
	id		INTEGER PRIMARY KEY,
	member_id	INTEGER NOT NULL REFERENCES member (id),
	kind		TEXT NOT NULL,
	on_date		TEXT,
	doc_no		TEXT,
	org_id		INTEGER REFERENCES org (id),
	details		TEXT,
	recorded_by	TEXT,
	recorded_at	TEXT NOT NULL
);
CREATE INDEX ix_member_event__member_id ON member_event (member_id, on_date, id);

-- A committee's override of one rulebook value for its subtree; value is
-- JSON text (a number, a string or an array of strings).
CREATE TABLE rule_override (
	id		INTEGER PRIMARY KEY,
	rule_id		TEXT NOT NULL,
	value_name	TEXT NOT NULL,
	value		TEXT NOT NULL,
	org_id		INTEGER NOT NULL REFERENCES org (id),
	valid_from	TEXT NOT NULL,
	valid_to	TEXT,
	doc_no		TEXT,
	recorded_by	TEXT,
	recorded_at	TEXT NOT NULL
);
CREATE INDEX ix_rule_override__org_id ON rule_override (org_id);

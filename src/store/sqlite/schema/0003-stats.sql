-- 0003-stats.sql (SQLite): organisation figures ("roll-ups"), kept in the
-- same transactions as the writes of members and organisations
-- (src/store/store-stats.c; docs/architecture.md, "Figures").
-- Derived data, written only by the store: no foreign keys (organisations
-- are never deleted, and a check per row would double a rebuild's time).
-- Same tables as the PostgreSQL migration of the same number.

-- One row per organisation: the counters of its whole subtree, itself
-- included, in core/stats.h's enum stat_col order.  Members count when
-- on the rolls (state active, not deleted); age_0 .. age_7 are the age
-- bands of stat_clock.edges as of stat_clock.as_of; org_<kind> counts the
-- open organisations (valid_to not set).
CREATE TABLE org_stat (
	org_id			INTEGER PRIMARY KEY,
	members			INTEGER NOT NULL DEFAULT 0,
	official		INTEGER NOT NULL DEFAULT 0,
	probationary		INTEGER NOT NULL DEFAULT 0,
	male			INTEGER NOT NULL DEFAULT 0,
	female			INTEGER NOT NULL DEFAULT 0,
	exempted		INTEGER NOT NULL DEFAULT 0,
	age_0			INTEGER NOT NULL DEFAULT 0,
	age_1			INTEGER NOT NULL DEFAULT 0,
	age_2			INTEGER NOT NULL DEFAULT 0,
	age_3			INTEGER NOT NULL DEFAULT 0,
	age_4			INTEGER NOT NULL DEFAULT 0,
	age_5			INTEGER NOT NULL DEFAULT 0,
	age_6			INTEGER NOT NULL DEFAULT 0,
	age_7			INTEGER NOT NULL DEFAULT 0,
	age_unknown		INTEGER NOT NULL DEFAULT 0,
	theory_none		INTEGER NOT NULL DEFAULT 0,
	theory_elementary	INTEGER NOT NULL DEFAULT 0,
	theory_intermediate	INTEGER NOT NULL DEFAULT 0,
	theory_advanced		INTEGER NOT NULL DEFAULT 0,
	theory_bachelor		INTEGER NOT NULL DEFAULT 0,
	theory_other		INTEGER NOT NULL DEFAULT 0,
	org_central		INTEGER NOT NULL DEFAULT 0,
	org_province		INTEGER NOT NULL DEFAULT 0,
	org_upper_grassroots	INTEGER NOT NULL DEFAULT 0,
	org_grassroots		INTEGER NOT NULL DEFAULT 0,
	org_grassroots_cell	INTEGER NOT NULL DEFAULT 0,
	org_sub_committee	INTEGER NOT NULL DEFAULT 0,
	org_cell		INTEGER NOT NULL DEFAULT 0,
	org_group		INTEGER NOT NULL DEFAULT 0
);

-- Members on the rolls of each subtree by recorded ethnicity ('' when
-- none is recorded).  Rows may fall to 0; readers skip them.
CREATE TABLE org_ethnicity (
	org_id		INTEGER NOT NULL,
	ethnicity	TEXT NOT NULL,
	n		INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (org_id, ethnicity)
) WITHOUT ROWID;

-- The theory-level texts in use and their category (enum theory_level),
-- made by the rebuild, which counts through it: the category is computed
-- in C (core/stats.c), not in SQL.  Texts of category 0 are left out.
CREATE TABLE stat_theory (
	level		TEXT PRIMARY KEY,
	cat		INTEGER NOT NULL
);

-- One row: the date the age bands are as of and their edges ("30,40,50,60").
-- as_of NULL: the figures were never built; writes then leave them alone
-- and the first reader builds them.  Writers lock this row first.
CREATE TABLE stat_clock (
	id		INTEGER PRIMARY KEY CONSTRAINT ck_stat_clock__id
			    CHECK (id = 1),
	as_of		TEXT,
	edges		TEXT NOT NULL DEFAULT '',
	built_at	TEXT
);
INSERT INTO stat_clock (id, as_of, edges) VALUES (1, NULL, '');

-- The rebuild propagates figures up the tree one depth at a time.
CREATE INDEX ix_org__depth ON org (depth);

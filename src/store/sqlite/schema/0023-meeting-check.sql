-- 0023-meeting-check.sql (SQLite): the meetings check, kept, not counted
-- (issue 13; docs/architecture.md "Kept findings").  svc rewrites one
-- organisation's rows of one year in the transaction of each meeting or
-- attendance write (store_meeting_check_keep); a refresh rewrites those
-- whose meeting_check row is stale (a month ended since, or the rules'
-- stamp changed).
-- meeting_check: what one organisation's kept rows of a year were
-- computed for: the months judged (bit m-1: month m, ended and the
-- organisation a cell in it) and the stamp of the meeting rules and
-- their overrides.
CREATE TABLE IF NOT EXISTS meeting_check (
	org_id		INTEGER NOT NULL REFERENCES org (id),
	year		INTEGER NOT NULL,
	org_path	TEXT NOT NULL,
	months		INTEGER NOT NULL,
	stamp		TEXT NOT NULL,
	through		TEXT NOT NULL,
	computed_at	TEXT NOT NULL,
	PRIMARY KEY (org_id, year)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ix_meeting_check__path
	ON meeting_check (year, org_path);
-- meeting_finding: the findings of one organisation and year, seq in
-- the order the rules gave them; org_path for subtree ranges; month the
-- month the heat map shows it in (a quarter's: its last; the year's: 0).
CREATE TABLE IF NOT EXISTS meeting_finding (
	org_id		INTEGER NOT NULL REFERENCES org (id),
	year		INTEGER NOT NULL,
	seq		INTEGER NOT NULL,
	org_path	TEXT NOT NULL,
	month		INTEGER NOT NULL,
	code		TEXT NOT NULL,
	member_id	INTEGER,
	meeting_id	INTEGER,
	period		TEXT NOT NULL,
	rule_id		TEXT NOT NULL,
	citation	TEXT,
	PRIMARY KEY (org_id, year, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ix_meeting_finding__path
	ON meeting_finding (year, org_path, seq);
-- meeting_finding_count: findings by code of the organisation's whole
-- subtree (itself included), kept up the chain like org_stat.
CREATE TABLE IF NOT EXISTS meeting_finding_count (
	org_id		INTEGER NOT NULL REFERENCES org (id),
	year		INTEGER NOT NULL,
	code		TEXT NOT NULL,
	n		INTEGER NOT NULL,
	PRIMARY KEY (org_id, year, code)
) WITHOUT ROWID;
-- meeting_month: one organisation's meetings held in a month, by kind,
-- their minutes, and the members expected and present.
CREATE TABLE IF NOT EXISTS meeting_month (
	org_id		INTEGER NOT NULL REFERENCES org (id),
	year		INTEGER NOT NULL,
	month		INTEGER NOT NULL,
	org_path	TEXT NOT NULL,
	regular		INTEGER NOT NULL,
	thematic	INTEGER NOT NULL,
	combined	INTEGER NOT NULL,
	extraordinary	INTEGER NOT NULL,
	committee	INTEGER NOT NULL,
	minutes		INTEGER NOT NULL,
	expected	INTEGER NOT NULL,
	present		INTEGER NOT NULL,
	PRIMARY KEY (org_id, year, month)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ix_meeting_month__path
	ON meeting_month (year, org_path, month);

-- 0023-meeting-check.sql (PostgreSQL): the meetings check, kept, not counted
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
	org_id		bigint NOT NULL REFERENCES org (id),
	year		bigint NOT NULL,
	org_path	text NOT NULL,
	months		bigint NOT NULL,
	stamp		text NOT NULL,
	through		text NOT NULL,
	computed_at	timestamptz NOT NULL,
	PRIMARY KEY (org_id, year)
);
CREATE INDEX IF NOT EXISTS ix_meeting_check__path
	ON meeting_check (year, org_path);
-- meeting_finding: the findings of one organisation and year, seq in
-- the order the rules gave them; org_path for subtree ranges; month the
-- month the heat map shows it in (a quarter's: its last; the year's: 0).
CREATE TABLE IF NOT EXISTS meeting_finding (
	org_id		bigint NOT NULL REFERENCES org (id),
	year		bigint NOT NULL,
	seq		bigint NOT NULL,
	org_path	text NOT NULL,
	month		bigint NOT NULL,
	code		text NOT NULL,
	member_id	bigint,
	meeting_id	bigint,
	period		text NOT NULL,
	rule_id		text NOT NULL,
	citation	text,
	PRIMARY KEY (org_id, year, seq)
);
CREATE INDEX IF NOT EXISTS ix_meeting_finding__path
	ON meeting_finding (year, org_path, seq);
-- meeting_finding_count: findings by code of the organisation's whole
-- subtree (itself included), kept up the chain like org_stat.
CREATE TABLE IF NOT EXISTS meeting_finding_count (
	org_id		bigint NOT NULL REFERENCES org (id),
	year		bigint NOT NULL,
	code		text NOT NULL,
	n		bigint NOT NULL,
	PRIMARY KEY (org_id, year, code)
);
-- meeting_month: one organisation's meetings held in a month, by kind,
-- their minutes, and the members expected and present.
CREATE TABLE IF NOT EXISTS meeting_month (
	org_id		bigint NOT NULL REFERENCES org (id),
	year		bigint NOT NULL,
	month		bigint NOT NULL,
	org_path	text NOT NULL,
	regular		bigint NOT NULL,
	thematic	bigint NOT NULL,
	combined	bigint NOT NULL,
	extraordinary	bigint NOT NULL,
	committee	bigint NOT NULL,
	minutes		bigint NOT NULL,
	expected	bigint NOT NULL,
	present		bigint NOT NULL,
	PRIMARY KEY (org_id, year, month)
);
CREATE INDEX IF NOT EXISTS ix_meeting_month__path
	ON meeting_month (year, org_path, month);

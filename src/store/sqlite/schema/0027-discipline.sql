-- 0027-discipline.sql (SQLite): discipline cases against members or
-- organisations and state bodies' notices of a member's discipline
-- (issue 14; ../shared/domain/rules.md §6.2, §6.3).  The columns follow
-- the field tables (core/entity.h DISCIPLINE_CASE_FIELDS,
-- DISCIPLINE_NOTICE_FIELDS) in their order; the vote's counts are
-- vote_for, vote_against, vote_abstain (JSON "vote": {for, against,
-- abstain}).  A case's status and lapse date are computed, not stored.
-- Cases are secret (docs/security.md): only grants with the option
-- "discipline" read them.
CREATE TABLE IF NOT EXISTS discipline_case (
	id			INTEGER PRIMARY KEY,
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
-- A member's cases, an organisation's cases (the member page, the lapse:
-- a later violation of the same subject).
CREATE INDEX IF NOT EXISTS ix_discipline_case__member_id
	ON discipline_case (member_id, violation_on);
CREATE INDEX IF NOT EXISTS ix_discipline_case__org_id
	ON discipline_case (org_id, violation_on);

-- A state body's notice of a member's discipline (296-QĐ/TW Art. 8.5:
-- due within 5 days, rule discipline.state_notice; "late" is computed).
CREATE TABLE IF NOT EXISTS discipline_notice (
	id		INTEGER PRIMARY KEY,
	member_id	INTEGER NOT NULL REFERENCES member (id),
	body		TEXT NOT NULL,
	decided_on	TEXT NOT NULL,
	notified_on	TEXT NOT NULL,
	doc_no		TEXT,
	note		TEXT,
	recorded_by	TEXT,
	created_at	TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_discipline_notice__member_id
	ON discipline_notice (member_id, id);

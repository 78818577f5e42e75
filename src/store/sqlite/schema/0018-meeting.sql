-- 0018-meeting.sql (SQLite): cell meetings and their attendance (issue
-- 13).  The columns follow the field tables (core/entity.h MEETING_FIELDS,
-- MEETING_ATTENDANCE_FIELDS) in their order.  Times are instants in UTC
-- text, "YYYY-MM-DDTHH:MM:SSZ" (given with any offset, normalised by
-- util/date.c datetime_parse_iso), so that text order is time order.
-- IF NOT EXISTS: a test re-runs the migrations after 0011
-- (test_audit_upgrade) on a database that has these tables.
CREATE TABLE IF NOT EXISTS meeting (
	id		INTEGER PRIMARY KEY,
	org_id		INTEGER NOT NULL REFERENCES org (id),
	kind		TEXT NOT NULL,
	starts_at	TEXT NOT NULL,
	ends_at		TEXT NOT NULL,
	place		TEXT,
	online		INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
	online_reason	TEXT,
	topic		TEXT,
	chair_id	INTEGER REFERENCES member (id),
	secretary_id	INTEGER REFERENCES member (id),
	guests		TEXT,
	agenda		TEXT,
	status		TEXT NOT NULL,
	recorded_by	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
-- A cell's meetings in time order (the list, the checks by month).
CREATE INDEX IF NOT EXISTS ix_meeting__org_id ON meeting (org_id, starts_at, id);

CREATE TABLE IF NOT EXISTS meeting_attendance (
	meeting_id	INTEGER NOT NULL REFERENCES meeting (id),
	member_id	INTEGER NOT NULL REFERENCES member (id),
	status		TEXT NOT NULL,
	reason		TEXT,
	joined_at	TEXT,
	left_at		TEXT,
	recorded_by	TEXT,
	recorded_at	TEXT NOT NULL,
	PRIMARY KEY (meeting_id, member_id)
) WITHOUT ROWID;
-- A member's attendance over time (absences in a year).
CREATE INDEX IF NOT EXISTS ix_meeting_attendance__member_id
	ON meeting_attendance (member_id, meeting_id);

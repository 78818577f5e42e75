-- 0019-meeting-roll.sql (SQLite): the meeting's roll (issue 13).  Each
-- meeting_attendance row is now one member on the meeting's roll,
-- snapshotted when the meeting is created: roll is the member's place
-- on it (official | probationary | exempted | transferred_out |
-- transferred_in) and status NULL until the attendance is recorded.
-- SQLite cannot drop a NOT NULL: the table is rebuilt, its rows and
-- indexes kept.  Rows made before this migration take their roll from
-- the member as it is now (exempted, else its status).  Re-runnable
-- (test_audit_upgrade re-runs the migrations after 0011).
CREATE TABLE meeting_attendance_0019 (
	meeting_id	INTEGER NOT NULL REFERENCES meeting (id),
	member_id	INTEGER NOT NULL REFERENCES member (id),
	status		TEXT,
	reason		TEXT,
	joined_at	TEXT,
	left_at		TEXT,
	recorded_by	TEXT,
	roll		TEXT NOT NULL CHECK (roll IN ('official', 'probationary',
			    'exempted', 'transferred_out', 'transferred_in')),
	recorded_at	TEXT NOT NULL,
	PRIMARY KEY (meeting_id, member_id)
) WITHOUT ROWID;
INSERT INTO meeting_attendance_0019 (meeting_id, member_id, status, reason,
    joined_at, left_at, recorded_by, roll, recorded_at)
SELECT a.meeting_id, a.member_id, a.status, a.reason, a.joined_at,
    a.left_at, a.recorded_by,
    coalesce((SELECT CASE WHEN m.state = 'transferred_out'
	    THEN 'transferred_out'
	    WHEN m.exempt_since IS NOT NULL THEN 'exempted'
	    WHEN m.status = 'probationary' THEN 'probationary'
	    ELSE 'official' END FROM member AS m WHERE m.id = a.member_id),
	'official'),
    a.recorded_at
FROM meeting_attendance AS a;
DROP TABLE meeting_attendance;
ALTER TABLE meeting_attendance_0019 RENAME TO meeting_attendance;
CREATE INDEX IF NOT EXISTS ix_meeting_attendance__member_id
	ON meeting_attendance (member_id, meeting_id);

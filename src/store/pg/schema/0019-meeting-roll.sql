-- 0019-meeting-roll.sql (PostgreSQL): the meeting's roll (issue 13).
-- Each meeting_attendance row is now one member on the meeting's roll,
-- snapshotted when the meeting is created: roll is the member's place
-- on it (official | probationary | exempted | transferred_out |
-- transferred_in) and status NULL until the attendance is recorded.
-- Rows made before this migration take their roll from the member as
-- it is now (exempted, else its status).  Re-runnable
-- (test_audit_upgrade re-runs the migrations after 0011).
ALTER TABLE meeting_attendance ADD COLUMN IF NOT EXISTS roll text;
UPDATE meeting_attendance AS a SET roll = coalesce((SELECT CASE
	    WHEN m.state = 'transferred_out' THEN 'transferred_out'
	    WHEN m.exempt_since IS NOT NULL THEN 'exempted'
	    WHEN m.status = 'probationary' THEN 'probationary'
	    ELSE 'official' END FROM member AS m WHERE m.id = a.member_id),
	'official')
WHERE roll IS NULL;
ALTER TABLE meeting_attendance ALTER COLUMN roll SET NOT NULL;
ALTER TABLE meeting_attendance ALTER COLUMN status DROP NOT NULL;
ALTER TABLE meeting_attendance
	DROP CONSTRAINT IF EXISTS ck_meeting_attendance__roll;
ALTER TABLE meeting_attendance ADD CONSTRAINT ck_meeting_attendance__roll
	CHECK (roll IN ('official', 'probationary', 'exempted',
	    'transferred_out', 'transferred_in'));

-- 0020-meeting-material.sql (SQLite): a meeting's materials (issue 13),
-- their bytes kept in the database so that a backup holds them, and the
-- server's secrets (the key that signs the meetings' check-in codes).
-- Times are instants in UTC text, "YYYY-MM-DDTHH:MM:SSZ".
CREATE TABLE IF NOT EXISTS meeting_material (
	id		INTEGER PRIMARY KEY,
	meeting_id	INTEGER NOT NULL REFERENCES meeting (id),
	name		TEXT NOT NULL,
	content_type	TEXT NOT NULL,
	size		INTEGER NOT NULL,
	sha256		TEXT NOT NULL,
	available_at	TEXT NOT NULL,
	recorded_by	TEXT,
	created_at	TEXT NOT NULL,
	data		BLOB NOT NULL
);
-- A meeting's materials in upload order.
CREATE INDEX IF NOT EXISTS ix_meeting_material__meeting_id
	ON meeting_material (meeting_id, id);

-- Keys made once by chibo (random), by name: "checkin" signs the
-- meetings' check-in codes (HMAC-SHA-256).
CREATE TABLE IF NOT EXISTS server_secret (
	name		TEXT PRIMARY KEY,
	secret		BLOB NOT NULL,
	created_at	TEXT NOT NULL
);

-- 0002-accounts.sql (SQLite): accounts, roles granted on the organisation
-- tree, sessions, API tokens, sign-in throttling and the audit trail.
-- Same tables as the PostgreSQL migration of the same number; conventions
-- as in 0001 (ISO text timestamps, ux_/ck_ names giving the field).

-- Accounts.  username is lower case (the store folds it); a NULL
-- password_hash cannot sign in.
CREATE TABLE app_user (
	id		INTEGER PRIMARY KEY,
	username	TEXT NOT NULL,
	display_name	TEXT,
	member_id	INTEGER REFERENCES member (id),
	password_hash	TEXT,
	disabled	INTEGER NOT NULL DEFAULT 0 CONSTRAINT ck_app_user__disabled
			    CHECK (disabled IN (0, 1)),
	version		INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_app_user__username ON app_user (username);

-- A role on an organisation, covering its subtree.
CREATE TABLE user_grant (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	role		TEXT NOT NULL CONSTRAINT ck_user_grant__role
			    CHECK (role IN ('admin', 'office', 'inspection',
			    'secretary', 'member', 'viewer')),
	org_id		INTEGER NOT NULL REFERENCES org (id),
	created_at	TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_user_grant__grant ON user_grant (user_id, role, org_id);
CREATE INDEX ix_user_grant__org_id ON user_grant (org_id);

-- Signed-in browsers, by the SHA-256 of the cookie's token.
CREATE TABLE session (
	id_hash		TEXT PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	csrf_hash	TEXT,
	created_at	TEXT NOT NULL,
	last_seen_at	TEXT NOT NULL,
	expires_at	TEXT NOT NULL,
	addr		TEXT,
	user_agent	TEXT
);
CREATE INDEX ix_session__user_id ON session (user_id);

-- Tokens for scripts, by the SHA-256 of the token.
CREATE TABLE api_token (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	name		TEXT NOT NULL,
	prefix		TEXT NOT NULL,
	token_hash	TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	expires_at	TEXT,
	revoked_at	TEXT,
	last_used_at	TEXT
);
CREATE UNIQUE INDEX ux_api_token__token_hash ON api_token (token_hash);
CREATE INDEX ix_api_token__user_id ON api_token (user_id);

-- Failed sign-ins by key ("user:<name>", "addr:<address>") in the current
-- window.
CREATE TABLE auth_failure (
	key		TEXT PRIMARY KEY,
	failures	INTEGER NOT NULL,
	window_start	TEXT NOT NULL
);

-- The audit trail, hash-chained (core/audit.h).  Ids are consecutive,
-- assigned by the store from audit_head under the write lock: never a
-- sequence (those leave gaps on rollback).  No foreign keys: an entry
-- records what happened and must never be refused.
CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		TEXT NOT NULL,
	actor		TEXT,
	user_id		INTEGER,
	addr		TEXT,
	action		TEXT,
	object_type	TEXT,
	object_id	INTEGER,
	org_id		INTEGER,
	before		TEXT,
	after		TEXT,
	detail		TEXT,
	prev_hash	TEXT NOT NULL,
	hash		TEXT NOT NULL
);
CREATE INDEX ix_audit__object ON audit (object_type, object_id, id);
CREATE INDEX ix_audit__org_id ON audit (org_id, id);

-- The head of the chain: one row, the last id and hash (0 and the genesis
-- hash while empty).  It is also the chain's lock.
CREATE TABLE audit_head (
	id		INTEGER PRIMARY KEY CONSTRAINT ck_audit_head__id
			    CHECK (id = 1),
	last_id		INTEGER NOT NULL,
	last_hash	TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0,
	'0000000000000000000000000000000000000000000000000000000000000000');

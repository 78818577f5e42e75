-- 0024-grant-discipline.sql (SQLite): a grant may carry the option
-- "discipline" (issue 14; core/auth.h GRANT_OPT_DISCIPLINE,
-- docs/security.md): discipline cases are secret, only a grant naming
-- them sees or records them.  Options are names joined by ',' in the
-- order of core/policy.c.  SQLite cannot change a CHECK: the table is
-- rebuilt with its rows and indexes.  Nothing refers to user_grant.
-- Re-runnable.
CREATE TABLE user_grant_0024 (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	role		TEXT NOT NULL CONSTRAINT ck_user_grant__role
			    CHECK (role IN ('admin', 'office', 'inspection',
			    'secretary', 'member', 'viewer')),
	org_id		INTEGER NOT NULL REFERENCES org (id),
	created_at	TEXT NOT NULL,
	options		TEXT NOT NULL DEFAULT ''
			    CONSTRAINT ck_user_grant__options
			    CHECK (options IN ('', 'contacts', 'discipline',
			    'contacts,discipline'))
);
INSERT INTO user_grant_0024 (id, user_id, role, org_id, created_at, options)
SELECT id, user_id, role, org_id, created_at, options FROM user_grant;
DROP TABLE user_grant;
ALTER TABLE user_grant_0024 RENAME TO user_grant;
CREATE UNIQUE INDEX IF NOT EXISTS ux_user_grant__grant
	ON user_grant (user_id, role, org_id);
CREATE INDEX IF NOT EXISTS ix_user_grant__org_id ON user_grant (org_id);

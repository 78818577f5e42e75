-- 0008-grant-options.sql (SQLite): options a grant carries beyond its
-- role, as names joined by ',' ('' none).  "contacts": a secretary may
-- correct the phone and e-mail of its organisation's members
-- (core/auth.h GRANT_OPT_CONTACTS, docs/security.md).
ALTER TABLE user_grant ADD COLUMN options TEXT NOT NULL DEFAULT ''
    CONSTRAINT ck_user_grant__options CHECK (options IN ('', 'contacts'));

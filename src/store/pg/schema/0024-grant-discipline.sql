-- 0024-grant-discipline.sql (PostgreSQL): a grant may carry the option
-- "discipline" (issue 14; core/auth.h GRANT_OPT_DISCIPLINE,
-- docs/security.md): discipline cases are secret, only a grant naming
-- them sees or records them.  Options are names joined by ',' in the
-- order of core/policy.c.  Re-runnable.
ALTER TABLE user_grant DROP CONSTRAINT IF EXISTS ck_user_grant__options;
ALTER TABLE user_grant ADD CONSTRAINT ck_user_grant__options
    CHECK (options IN ('', 'contacts', 'discipline', 'contacts,discipline'));

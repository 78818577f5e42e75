-- 0013-audit-append-only.sql (PostgreSQL): the audit trail is
-- append-only.  Same rules as the SQLite migration of the same number
-- (see the comment there), TRUNCATE included.  A superuser or the owner
-- can drop them: verification (and a published head) catches that.
CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit: % on % refused (append-only)', TG_OP,
	    TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
CREATE FUNCTION audit_after_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.id <= (SELECT last_id FROM audit_head WHERE id = 1) THEN
		RAISE EXCEPTION 'audit: an entry goes after the head'
		    USING ERRCODE = 'restrict_violation';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER tr_audit__append_only BEFORE UPDATE OR DELETE ON audit
	FOR EACH ROW EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER tr_audit__no_truncate BEFORE TRUNCATE ON audit
	FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER tr_audit__after_head BEFORE INSERT ON audit
	FOR EACH ROW EXECUTE FUNCTION audit_after_head();
CREATE TRIGGER tr_audit_head__forward BEFORE UPDATE ON audit_head
	FOR EACH ROW WHEN (NEW.last_id <= OLD.last_id OR NEW.id <> OLD.id)
	EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER tr_audit_head__no_delete BEFORE DELETE ON audit_head
	FOR EACH ROW EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER tr_audit_head__no_truncate BEFORE TRUNCATE ON audit_head
	FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER tr_audit_format__fixed BEFORE UPDATE OR DELETE
	ON audit_format FOR EACH ROW EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER tr_audit_format__no_truncate BEFORE TRUNCATE ON audit_format
	FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();

-- 0013-audit-append-only.sql (SQLite): the audit trail is append-only.
-- chibo never updates nor deletes an entry (the views' repeat window is
-- the separate table audit_view_seen, pruned freely); the head only moves
-- forward; the formats are fixed.  These triggers stop a mistaken or
-- casual change through SQL.  Whoever can write the database file can
-- drop them: verification (and a published head) is what catches that.
CREATE TRIGGER tr_audit__no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit: entries are append-only');
END;
CREATE TRIGGER tr_audit__no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit: entries are append-only');
END;
-- An entry goes after the head (the store moves the head past it next).
CREATE TRIGGER tr_audit__after_head BEFORE INSERT ON audit
WHEN NEW.id <= (SELECT last_id FROM audit_head WHERE id = 1)
BEGIN
	SELECT RAISE(ABORT, 'audit: an entry goes after the head');
END;
CREATE TRIGGER tr_audit_head__forward BEFORE UPDATE ON audit_head
WHEN NEW.last_id <= OLD.last_id OR NEW.id <> OLD.id
BEGIN
	SELECT RAISE(ABORT, 'audit: the head only moves forward');
END;
CREATE TRIGGER tr_audit_head__no_delete BEFORE DELETE ON audit_head
BEGIN
	SELECT RAISE(ABORT, 'audit: the head is kept');
END;
CREATE TRIGGER tr_audit_format__no_update BEFORE UPDATE ON audit_format
BEGIN
	SELECT RAISE(ABORT, 'audit: the formats are fixed');
END;
CREATE TRIGGER tr_audit_format__no_delete BEFORE DELETE ON audit_format
BEGIN
	SELECT RAISE(ABORT, 'audit: the formats are fixed');
END;

-- The judgment history, the note history and the audit log are append-only, as in SQLite
-- (migrations/0001 and 0003): refuse UPDATE and DELETE at the database level, with SQLite's
-- message ("<table> is append-only"), so no code path or ad-hoc SQL rewrites what people did.
-- PostgreSQL also has TRUNCATE, which skips row triggers: refuse it too.
CREATE FUNCTION "medpair_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "judgment_history_no_update" BEFORE UPDATE ON "judgment_history"
FOR EACH ROW EXECUTE FUNCTION "medpair_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "judgment_history_no_delete" BEFORE DELETE ON "judgment_history"
FOR EACH ROW EXECUTE FUNCTION "medpair_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "judgment_history_no_truncate" BEFORE TRUNCATE ON "judgment_history"
FOR EACH STATEMENT EXECUTE FUNCTION "medpair_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE ON "audit_log"
FOR EACH ROW EXECUTE FUNCTION "medpair_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_delete" BEFORE DELETE ON "audit_log"
FOR EACH ROW EXECUTE FUNCTION "medpair_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
FOR EACH STATEMENT EXECUTE FUNCTION "medpair_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "note_history_no_update" BEFORE UPDATE ON "note_history"
FOR EACH ROW EXECUTE FUNCTION "medpair_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "note_history_no_delete" BEFORE DELETE ON "note_history"
FOR EACH ROW EXECUTE FUNCTION "medpair_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "note_history_no_truncate" BEFORE TRUNCATE ON "note_history"
FOR EACH STATEMENT EXECUTE FUNCTION "medpair_refuse_change"();

-- The judgment history and the audit log are append-only: refuse UPDATE and DELETE at the
-- database level, so no code path (or ad-hoc SQL) can rewrite what raters and researchers did.
CREATE TRIGGER `judgment_history_no_update` BEFORE UPDATE ON `judgment_history`
BEGIN SELECT RAISE(ABORT, 'judgment_history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `judgment_history_no_delete` BEFORE DELETE ON `judgment_history`
BEGIN SELECT RAISE(ABORT, 'judgment_history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

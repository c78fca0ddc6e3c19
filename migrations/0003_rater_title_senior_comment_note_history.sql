CREATE TABLE `note_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` integer NOT NULL,
	`stage` text NOT NULL,
	`field` text NOT NULL,
	`changed_by` integer NOT NULL,
	`changed_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`old_value` text,
	`new_value` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `note_history_assignment_idx` ON `note_history` (`assignment_id`);--> statement-breakpoint
ALTER TABLE `assignments` ADD `independent_comment` text;--> statement-breakpoint
ALTER TABLE `studies` ADD `title_for_raters` text;--> statement-breakpoint
-- Like judgment_history: changes to "Hard to decide" and comments are kept, never rewritten.
CREATE TRIGGER `note_history_no_update` BEFORE UPDATE ON `note_history`
BEGIN SELECT RAISE(ABORT, 'note_history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `note_history_no_delete` BEFORE DELETE ON `note_history`
BEGIN SELECT RAISE(ABORT, 'note_history is append-only'); END;

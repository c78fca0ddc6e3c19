CREATE TABLE `rating_reasons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` integer NOT NULL,
	`stage` text NOT NULL,
	`kind` text NOT NULL,
	`key` text DEFAULT '' NOT NULL,
	`side` text DEFAULT '' NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rating_reasons_unique_idx` ON `rating_reasons` (`assignment_id`,`stage`,`kind`,`key`,`side`);--> statement-breakpoint
CREATE TABLE `reason_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` integer NOT NULL,
	`stage` text NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`side` text NOT NULL,
	`changed_by` integer NOT NULL,
	`changed_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`old_value` text,
	`new_value` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reason_history_assignment_idx` ON `reason_history` (`assignment_id`);--> statement-breakpoint
ALTER TABLE `studies` ADD `per_dimension_notes` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `studies` ADD `harm` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `studies` ADD `issue_tags` text;--> statement-breakpoint
-- Like judgment_history: changes to tags, harms and per-dimension notes are kept, never rewritten.
CREATE TRIGGER `reason_history_no_update` BEFORE UPDATE ON `reason_history`
BEGIN SELECT RAISE(ABORT, 'reason_history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `reason_history_no_delete` BEFORE DELETE ON `reason_history`
BEGIN SELECT RAISE(ABORT, 'reason_history is append-only'); END;

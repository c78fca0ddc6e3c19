CREATE TABLE `gold_pairs` (
	`pair_id` integer PRIMARY KEY NOT NULL,
	`study_id` integer NOT NULL,
	`expected` text NOT NULL,
	`explanation` text DEFAULT '' NOT NULL,
	`source` text NOT NULL,
	`marked_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`pair_id`) REFERENCES `pairs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`marked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `gold_pairs_study_idx` ON `gold_pairs` (`study_id`);--> statement-breakpoint
ALTER TABLE `assignments` ADD `purpose` text DEFAULT 'study' NOT NULL;--> statement-breakpoint
CREATE INDEX `assignments_training_idx` ON `assignments` (`user_id`) WHERE purpose = 'training';--> statement-breakpoint
ALTER TABLE `studies` ADD `training_pairs` integer;--> statement-breakpoint
ALTER TABLE `studies` ADD `training_min_agreement` real;--> statement-breakpoint
ALTER TABLE `studies` ADD `check_share` real;--> statement-breakpoint
ALTER TABLE `studies` ADD `check_threshold` real;--> statement-breakpoint
ALTER TABLE `study_members` ADD `training_passed_at` integer;--> statement-breakpoint
ALTER TABLE `study_members` ADD `training_retries` integer DEFAULT 0 NOT NULL;
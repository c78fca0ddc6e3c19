CREATE TABLE `judge_judgments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`study_id` integer NOT NULL,
	`judge` text NOT NULL,
	`pair_id` integer NOT NULL,
	`dimension_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`grade` integer,
	`model_shown_first` integer NOT NULL,
	`imported_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`pair_id`) REFERENCES `pairs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dimension_id`) REFERENCES `dimensions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `judge_judgments_unique_idx` ON `judge_judgments` (`study_id`,`judge`,`pair_id`,`dimension_id`);
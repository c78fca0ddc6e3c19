DROP INDEX `predictions_unique_idx`;--> statement-breakpoint
ALTER TABLE `predictions` ADD `setting` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `predictions_unique_idx` ON `predictions` (`set_id`,`dataset`,`model`,`item_id`,`setting`);
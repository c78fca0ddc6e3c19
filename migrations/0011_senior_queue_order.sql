ALTER TABLE `studies` ADD `senior_order` text DEFAULT 'oldest' NOT NULL;--> statement-breakpoint
CREATE INDEX `judge_judgments_pair_idx` ON `judge_judgments` (`pair_id`);
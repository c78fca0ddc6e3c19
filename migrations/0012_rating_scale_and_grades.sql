ALTER TABLE `final_labels` ADD `grade` integer;--> statement-breakpoint
ALTER TABLE `judgment_history` ADD `old_grade` integer;--> statement-breakpoint
ALTER TABLE `judgment_history` ADD `new_grade` integer;--> statement-breakpoint
ALTER TABLE `judgments` ADD `grade` integer;--> statement-breakpoint
ALTER TABLE `studies` ADD `scale` integer DEFAULT 3 NOT NULL;
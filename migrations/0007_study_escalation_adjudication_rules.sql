ALTER TABLE `studies` ADD `escalate` text DEFAULT 'any-disagreement' NOT NULL;--> statement-breakpoint
ALTER TABLE `studies` ADD `escalate_min_dimensions` integer;--> statement-breakpoint
ALTER TABLE `studies` ADD `adjudicate` text DEFAULT 'whole-pair' NOT NULL;
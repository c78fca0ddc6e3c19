ALTER TABLE "studies" ADD COLUMN "escalate" text DEFAULT 'any-disagreement' NOT NULL;--> statement-breakpoint
ALTER TABLE "studies" ADD COLUMN "escalate_min_dimensions" integer;--> statement-breakpoint
ALTER TABLE "studies" ADD COLUMN "adjudicate" text DEFAULT 'whole-pair' NOT NULL;
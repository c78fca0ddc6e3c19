ALTER TABLE "final_labels" ADD COLUMN "grade" integer;--> statement-breakpoint
ALTER TABLE "judgment_history" ADD COLUMN "old_grade" integer;--> statement-breakpoint
ALTER TABLE "judgment_history" ADD COLUMN "new_grade" integer;--> statement-breakpoint
ALTER TABLE "judgments" ADD COLUMN "grade" integer;--> statement-breakpoint
ALTER TABLE "studies" ADD COLUMN "scale" integer DEFAULT 3 NOT NULL;
ALTER TABLE "studies" ADD COLUMN "senior_order" text DEFAULT 'oldest' NOT NULL;--> statement-breakpoint
CREATE INDEX "judge_judgments_pair_idx" ON "judge_judgments" USING btree ("pair_id");
DROP INDEX "predictions_unique_idx";--> statement-breakpoint
ALTER TABLE "predictions" ADD COLUMN "setting" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "predictions_unique_idx" ON "predictions" USING btree ("set_id","dataset","model","item_id","setting");
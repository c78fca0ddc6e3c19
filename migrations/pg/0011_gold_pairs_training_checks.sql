CREATE TABLE "gold_pairs" (
	"pair_id" integer PRIMARY KEY NOT NULL,
	"study_id" integer NOT NULL,
	"expected" text NOT NULL,
	"explanation" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"marked_by" integer,
	"created_at" bigint DEFAULT (floor(extract(epoch from statement_timestamp()) * 1000)::bigint) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "purpose" text DEFAULT 'study' NOT NULL;--> statement-breakpoint
ALTER TABLE "studies" ADD COLUMN "training_pairs" integer;--> statement-breakpoint
ALTER TABLE "studies" ADD COLUMN "training_min_agreement" double precision;--> statement-breakpoint
ALTER TABLE "studies" ADD COLUMN "check_share" double precision;--> statement-breakpoint
ALTER TABLE "studies" ADD COLUMN "check_threshold" double precision;--> statement-breakpoint
ALTER TABLE "study_members" ADD COLUMN "training_passed_at" bigint;--> statement-breakpoint
ALTER TABLE "study_members" ADD COLUMN "training_retries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "gold_pairs" ADD CONSTRAINT "gold_pairs_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gold_pairs" ADD CONSTRAINT "gold_pairs_study_id_studies_id_fk" FOREIGN KEY ("study_id") REFERENCES "public"."studies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gold_pairs" ADD CONSTRAINT "gold_pairs_marked_by_users_id_fk" FOREIGN KEY ("marked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gold_pairs_study_idx" ON "gold_pairs" USING btree ("study_id");--> statement-breakpoint
CREATE INDEX "assignments_training_idx" ON "assignments" USING btree ("user_id") WHERE purpose = 'training';
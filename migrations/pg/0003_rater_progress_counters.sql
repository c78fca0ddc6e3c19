ALTER TABLE "study_members" ADD COLUMN "assigned_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "study_members" ADD COLUMN "submitted_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- study_members.assigned_count / submitted_count, kept by triggers as in SQLite (migrations/0006):
-- the progress shown with every pair is one key lookup, not a count of the rater's queue
-- (issue #18). Inserts and deletes come in bulk (an import's 200,000 assignments, a
-- reassignment), so they are counted per statement from the transition tables: one UPDATE per
-- (member, study) instead of one per row. A status change comes one row at a time (submit,
-- reopen): a row trigger that fires only when the status, rater or pair really changes.
UPDATE "study_members" m SET
	"assigned_count" = c."n",
	"submitted_count" = c."s"
FROM (
	SELECT a."user_id", p."study_id", count(*) AS "n",
		count(*) FILTER (WHERE a."status" = 'submitted') AS "s"
	FROM "assignments" a JOIN "pairs" p ON p."id" = a."pair_id"
	GROUP BY a."user_id", p."study_id"
) c
WHERE m."user_id" = c."user_id" AND m."study_id" = c."study_id";
--> statement-breakpoint
CREATE FUNCTION "medpair_count_inserted_assignments"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "study_members" m SET
		"assigned_count" = m."assigned_count" + c."n",
		"submitted_count" = m."submitted_count" + c."s"
	FROM (
		SELECT r."user_id", p."study_id", count(*) AS "n",
			count(*) FILTER (WHERE r."status" = 'submitted') AS "s"
		FROM "inserted_rows" r JOIN "pairs" p ON p."id" = r."pair_id"
		GROUP BY r."user_id", p."study_id"
	) c
	WHERE m."user_id" = c."user_id" AND m."study_id" = c."study_id";
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION "medpair_count_deleted_assignments"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "study_members" m SET
		"assigned_count" = m."assigned_count" - c."n",
		"submitted_count" = m."submitted_count" - c."s"
	FROM (
		SELECT r."user_id", p."study_id", count(*) AS "n",
			count(*) FILTER (WHERE r."status" = 'submitted') AS "s"
		FROM "deleted_rows" r JOIN "pairs" p ON p."id" = r."pair_id"
		GROUP BY r."user_id", p."study_id"
	) c
	WHERE m."user_id" = c."user_id" AND m."study_id" = c."study_id";
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION "medpair_count_updated_assignment"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "study_members" SET
		"assigned_count" = "assigned_count" - 1,
		"submitted_count" = "submitted_count" - (OLD."status" = 'submitted')::int
	WHERE "user_id" = OLD."user_id"
		AND "study_id" = (SELECT "study_id" FROM "pairs" WHERE "id" = OLD."pair_id");
	UPDATE "study_members" SET
		"assigned_count" = "assigned_count" + 1,
		"submitted_count" = "submitted_count" + (NEW."status" = 'submitted')::int
	WHERE "user_id" = NEW."user_id"
		AND "study_id" = (SELECT "study_id" FROM "pairs" WHERE "id" = NEW."pair_id");
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "assignments_count_insert" AFTER INSERT ON "assignments"
REFERENCING NEW TABLE AS "inserted_rows"
FOR EACH STATEMENT EXECUTE FUNCTION "medpair_count_inserted_assignments"();
--> statement-breakpoint
CREATE TRIGGER "assignments_count_delete" AFTER DELETE ON "assignments"
REFERENCING OLD TABLE AS "deleted_rows"
FOR EACH STATEMENT EXECUTE FUNCTION "medpair_count_deleted_assignments"();
--> statement-breakpoint
CREATE TRIGGER "assignments_count_update" AFTER UPDATE OF "status", "user_id", "pair_id" ON "assignments"
FOR EACH ROW
WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."user_id" IS DISTINCT FROM NEW."user_id"
	OR OLD."pair_id" IS DISTINCT FROM NEW."pair_id")
EXECUTE FUNCTION "medpair_count_updated_assignment"();

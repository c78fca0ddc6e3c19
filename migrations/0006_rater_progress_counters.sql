ALTER TABLE `study_members` ADD `assigned_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `study_members` ADD `submitted_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- study_members.assigned_count / submitted_count: each member's assignments in the study and how
-- many are submitted, so the progress shown with every pair is one key lookup, not a count of
-- the rater's whole queue (issue #18). Triggers keep them in the transaction of every change to
-- assignments, whichever code path makes it (import, assignment worker, reassignment, senior
-- assignments, submission, reopening, cascading deletes).
UPDATE `study_members` SET
	`assigned_count` = (SELECT count(*) FROM `assignments` a JOIN `pairs` p ON p.`id` = a.`pair_id`
		WHERE a.`user_id` = `study_members`.`user_id` AND p.`study_id` = `study_members`.`study_id`),
	`submitted_count` = (SELECT count(*) FROM `assignments` a JOIN `pairs` p ON p.`id` = a.`pair_id`
		WHERE a.`user_id` = `study_members`.`user_id` AND p.`study_id` = `study_members`.`study_id`
			AND a.`status` = 'submitted');
--> statement-breakpoint
CREATE TRIGGER `assignments_count_insert` AFTER INSERT ON `assignments` BEGIN
	UPDATE `study_members` SET `assigned_count` = `assigned_count` + 1,
		`submitted_count` = `submitted_count` + (NEW.`status` = 'submitted')
	WHERE `user_id` = NEW.`user_id`
		AND `study_id` = (SELECT `study_id` FROM `pairs` WHERE `id` = NEW.`pair_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `assignments_count_delete` AFTER DELETE ON `assignments` BEGIN
	UPDATE `study_members` SET `assigned_count` = `assigned_count` - 1,
		`submitted_count` = `submitted_count` - (OLD.`status` = 'submitted')
	WHERE `user_id` = OLD.`user_id`
		AND `study_id` = (SELECT `study_id` FROM `pairs` WHERE `id` = OLD.`pair_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `assignments_count_update` AFTER UPDATE OF `status`, `user_id`, `pair_id` ON `assignments`
WHEN OLD.`status` IS NOT NEW.`status` OR OLD.`user_id` IS NOT NEW.`user_id`
	OR OLD.`pair_id` IS NOT NEW.`pair_id`
BEGIN
	UPDATE `study_members` SET `assigned_count` = `assigned_count` - 1,
		`submitted_count` = `submitted_count` - (OLD.`status` = 'submitted')
	WHERE `user_id` = OLD.`user_id`
		AND `study_id` = (SELECT `study_id` FROM `pairs` WHERE `id` = OLD.`pair_id`);
	UPDATE `study_members` SET `assigned_count` = `assigned_count` + 1,
		`submitted_count` = `submitted_count` + (NEW.`status` = 'submitted')
	WHERE `user_id` = NEW.`user_id`
		AND `study_id` = (SELECT `study_id` FROM `pairs` WHERE `id` = NEW.`pair_id`);
END;

/**
 * What raters (juniors and seniors) see as a study's title. A study's `name` is for researchers
 * and may describe the design ("open vs. commercial models"), which would tell raters which side
 * is which; raters see `title_for_raters` from the study file, or a neutral "Study <id>".
 */
export function raterTitle(study: { id: number; titleForRaters: string | null }): string {
	const title = study.titleForRaters?.trim();
	return title ? title : `Study ${study.id}`;
}

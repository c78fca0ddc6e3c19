/**
 * The small seeded study (3 prompts × cand-a, cand-b vs ref, juniors junior1 and junior2, one
 * senior) rated to a fixed plan through the services, so that export tests can compare with
 * counts worked out by hand. Outcomes are canonical, from the candidate's side; each rater's
 * displayed choice follows from their own placement.
 */
import { and, eq } from 'drizzle-orm';
import { toChoice, type Outcome } from '../../src/lib/domain/blinding/choice.ts';
import { assignments, models, pairs, prompts } from '../../src/lib/server/db/schema.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { seeded, type Seeded } from './seeded.ts';
import { first } from '../../src/lib/server/db/index.ts';

export const DIMENSIONS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
type Four = [Outcome, Outcome, Outcome, Outcome];
type PairPlan = {
	junior1: Four;
	junior2: Four;
	hard2?: boolean;
	comment1?: string;
	senior?: { independent: Four; final: Four };
};

/** Per candidate and prompt, outcomes on [faithfulness, comprehensiveness, generalizability, robustness]. */
export const PLAN: Record<string, Record<string, PairPlan>> = {
	'cand-a': {
		q1: { junior1: ['win', 'win', 'tie', 'loss'], junior2: ['win', 'win', 'tie', 'loss'] },
		// The juniors agree but junior2 flags it hard, so the senior decides.
		q2: {
			junior1: ['win', 'tie', 'win', 'win'],
			junior2: ['win', 'tie', 'win', 'win'],
			hard2: true,
			senior: { independent: ['tie', 'tie', 'tie', 'tie'], final: ['win', 'tie', 'loss', 'win'] }
		},
		q3: { junior1: ['tie', 'loss', 'win', 'win'], junior2: ['tie', 'loss', 'win', 'win'] }
	},
	'cand-b': {
		q1: { junior1: ['loss', 'loss', 'loss', 'loss'], junior2: ['loss', 'loss', 'loss', 'loss'] },
		// The juniors disagree on faithfulness.
		q2: {
			junior1: ['win', 'loss', 'tie', 'tie'],
			junior2: ['loss', 'loss', 'tie', 'tie'],
			senior: {
				independent: ['loss', 'loss', 'tie', 'tie'],
				final: ['loss', 'loss', 'tie', 'tie']
			}
		},
		q3: { junior1: ['tie', 'tie', 'tie', 'tie'], junior2: ['tie', 'tie', 'tie', 'tie'] }
	}
};

const choices = (outcomes: Four, modelOnLeft: boolean) =>
	Object.fromEntries(DIMENSIONS.map((d, i) => [d, toChoice(outcomes[i], modelOnLeft)])) as Record<
		string,
		'A' | 'tie' | 'B'
	>;

export type Rater = 'junior1' | 'junior2' | 'senior';
export type CommentFor = (
	rater: Rater,
	prompt: string,
	model: string,
	stage: 'rating' | 'independent' | 'final'
) => string;

/** Where a pair sits in the plan. */
async function where(
	s: Seeded,
	pairId: number
): Promise<{ plan: PairPlan; prompt: string; model: string }> {
	const row = first(
		await s.db
			.select({ model: models.key, prompt: prompts.key })
			.from(pairs)
			.innerJoin(models, eq(models.id, pairs.modelId))
			.innerJoin(prompts, eq(prompts.id, pairs.promptId))
			.where(eq(pairs.id, pairId))
			.limit(1)
	)!;
	return { plan: PLAN[row.model][row.prompt], ...row };
}

/** Rates the whole small study to PLAN: juniors first, then the senior adjudicates. */
export async function ratedStudy(comment: CommentFor = () => ''): Promise<Seeded> {
	const s = await seeded();
	for (const junior of ['junior1', 'junior2'] as const) {
		const rows = await s.db
			.select()
			.from(assignments)
			.where(and(eq(assignments.userId, s.ids[junior]), eq(assignments.role, 'junior')));
		for (const a of rows) {
			const { plan, prompt, model } = await where(s, a.pairId);
			const result = await ratings.submit(s.db, s.ids[junior], a.publicId, {
				choices: choices(plan[junior], a.modelOnLeft),
				hard: junior === 'junior2' && plan.hard2 === true,
				comment: comment(junior, prompt, model, 'rating'),
				seconds: 30
			});
			if (!result.ok) throw new Error(result.message);
		}
	}
	for (let view = await adjudication.next(s.db, s.ids.senior); view;) {
		const a = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, view.id)).limit(1)
		)!;
		const { plan, prompt, model } = await where(s, a.pairId);
		const { senior } = plan;
		if (!senior) throw new Error(`pair ${a.pairId} escalated against the plan`);
		for (const [step, outcomes, stage] of [
			[adjudication.submitIndependent, senior.independent, 'independent'],
			[adjudication.finalize, senior.final, 'final']
		] as const) {
			const result = await step(s.db, s.ids.senior, view.id, {
				choices: choices(outcomes, a.modelOnLeft),
				comment: comment('senior', prompt, model, stage),
				seconds: 60
			});
			if (!result.ok) throw new Error(result.message);
		}
		view = await adjudication.next(s.db, s.ids.senior);
	}
	return s;
}

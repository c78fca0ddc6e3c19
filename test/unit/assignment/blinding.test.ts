/**
 * Issue #11 item 2, "blinding by repetition": per prompt, a junior's pairs should show each
 * response as rarely as the number of juniors allows (a matching: once), and the warning states
 * exactly how often it recurs otherwise. Property tests over random designs, then fixed cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	assignPairs,
	describeBlinding,
	generatePairs,
	planBlinding,
	summarizeAssignments,
	type Assignment,
	type Design,
	type Pair,
	type StudyModel
} from '../../../src/lib/domain/assignment/index.ts';
import { flat, juniors, models, prompts, promptClashes, unwrap } from './helpers.ts';

type Case = {
	design: Design;
	models: StudyModel[];
	pairs: Pair[];
	juniors: string[];
	ratersPerPair: number;
	seed: number;
	repeatRate: number;
};

const caseArb: fc.Arbitrary<Case> = fc
	.record({
		allPairs: fc.boolean(),
		candidates: fc.integer({ min: 1, max: 5 }),
		references: fc.integer({ min: 1, max: 4 }),
		prompts: fc.integer({ min: 1, max: 8 }),
		juniors: fc.integer({ min: 1, max: 14 }),
		raters: fc.integer({ min: 1, max: 4 }),
		seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
		repeatRate: fc.constantFrom(0, 0.2)
	})
	.map((r) => {
		const design: Design = r.allPairs ? 'all-pairs' : 'candidate-vs-reference';
		const studyModels = models(r.candidates, r.references);
		return {
			design,
			models: studyModels,
			pairs: generatePairs(design, studyModels, prompts(r.prompts)),
			juniors: juniors(r.juniors),
			ratersPerPair: Math.min(r.raters, r.juniors),
			seed: r.seed,
			repeatRate: r.repeatRate
		};
	});

/** Per junior and prompt, how often each response (model) appears among the junior's originals. */
function recurrence(pairs: readonly Pair[], assignments: readonly Assignment[]) {
	const counts = new Map<string, number>();
	for (const a of assignments) {
		if (a.isRepeat) continue;
		const { prompt, model, opponent } = pairs[a.pairIndex];
		for (const m of [model, opponent]) {
			const key = `${a.junior}\u0000${prompt}\u0000${m}`;
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	}
	const most = (keep: (model: string) => boolean) =>
		Math.max(0, ...[...counts].filter(([k]) => keep(k.split('\u0000')[2])).map(([, n]) => n));
	return {
		all: most(() => true),
		candidate: most((m) => m.startsWith('c')),
		reference: most((m) => m.startsWith('r'))
	};
}

function assign(c: Case) {
	return unwrap(
		assignPairs({
			pairs: c.pairs,
			juniors: c.juniors,
			ratersPerPair: c.ratersPerPair,
			seed: c.seed,
			repeatRate: c.repeatRate
		})
	);
}

/** Pairs per matching: min(C, R) for candidate-vs-reference, ⌊M/2⌋ for all-pairs. */
function matchingSize(c: Case): number {
	const count = (g: string) => c.models.filter((m) => m.group === g).length;
	return c.design === 'all-pairs'
		? Math.floor(c.models.length / 2)
		: Math.min(count('candidate'), count('reference'));
}

describe('assignment by matchings: properties over random designs', () => {
	it('every pair gets exactly raters_per_pair distinct juniors', () => {
		fc.assert(
			fc.property(caseArb, (c) => {
				const raters = new Map<number, Set<string>>();
				for (const a of flat(assign(c)).filter((a) => !a.isRepeat)) {
					const set = raters.get(a.pairIndex) ?? new Set();
					expect(set.has(a.junior)).toBe(false);
					raters.set(a.pairIndex, set.add(a.junior));
				}
				expect(raters.size).toBe(c.pairs.length);
				for (const set of raters.values()) expect(set.size).toBe(c.ratersPerPair);
			}),
			{ numRuns: 150 }
		);
	});

	it('loads differ by at most one matching (min(C, R) or ⌊M/2⌋ pairs; 1 pair when that is 1)', () => {
		fc.assert(
			fc.property(caseArb, (c) => {
				const loads = assign(c).map((q) => q.assignments.filter((a) => !a.isRepeat).length);
				expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(matchingSize(c));
			}),
			{ numRuns: 150 }
		);
	});

	it('the same seed gives the same result', () => {
		fc.assert(
			fc.property(caseArb, (c) => {
				expect(assign(c)).toEqual(assign(c));
			}),
			{ numRuns: 60 }
		);
	});

	it('recurrence per junior and prompt is exactly what the plan states, and 1 when juniors suffice', () => {
		fc.assert(
			fc.property(caseArb, (c) => {
				const plan = planBlinding(c.design, c.models, c.juniors.length, c.ratersPerPair)!;
				const seen = recurrence(c.pairs, flat(assign(c)));
				expect(seen.all).toBe(plan.perAnswer);
				if (c.design === 'candidate-vs-reference') {
					expect(seen.candidate).toBe(plan.candidate);
					expect(seen.reference).toBe(plan.reference);
				}
				if (c.juniors.length >= plan.juniorsNeeded) expect(seen.all).toBe(1);
				else expect(seen.all).toBeGreaterThan(1);
				expect(describeBlinding(plan) === null).toBe(plan.perAnswer === 1);
			}),
			{ numRuns: 200 }
		);
	});

	it('the recurrence is the least possible for candidate-vs-reference and even all-pairs', () => {
		fc.assert(
			fc.property(caseArb, (c) => {
				const plan = planBlinding(c.design, c.models, c.juniors.length, c.ratersPerPair)!;
				const m = c.models.length;
				// A response in d pairs needs rpp × d ratings from J juniors: someone sees it ⌈rpp·d/J⌉ times.
				const degree =
					c.design === 'all-pairs'
						? m - 1
						: Math.max(...['candidate', 'reference'].map((g) => m - count(c, g)));
				const lower = Math.ceil((c.ratersPerPair * degree) / c.juniors.length);
				if (c.design === 'candidate-vs-reference' || m % 2 === 0)
					expect(plan.perAnswer).toBe(lower);
				else expect(plan.perAnswer).toBeLessThanOrEqual(lower + 1);
			}),
			{ numRuns: 200 }
		);
	});

	it('keeps placement counterbalanced per junior and combination, and prompts apart', () => {
		fc.assert(
			fc.property(caseArb, (c) => {
				const queues = assign(c);
				for (const junior of summarizeAssignments(c.pairs, flat(queues)).juniors)
					for (const combo of junior.combinations)
						expect(Math.abs(combo.left - combo.right)).toBeLessThanOrEqual(1);
				for (const queue of queues) {
					const perPrompt = new Map<string, number>();
					for (const a of queue.assignments) {
						const p = c.pairs[a.pairIndex].prompt;
						perPrompt.set(p, (perPrompt.get(p) ?? 0) + 1);
					}
					const most = Math.max(0, ...perPrompt.values());
					// Repeats are placed best-effort in short queues (insert-repeats.ts), so only the
					// originals' order is held to the no-clash guarantee.
					if (c.repeatRate === 0 && most <= queue.assignments.length - most + 1)
						expect(promptClashes(c.pairs, queue.assignments)).toBe(0);
				}
			}),
			{ numRuns: 150 }
		);
	});
});

function count(c: Case, group: string): number {
	return c.models.filter((m) => m.group === group).length;
}

describe('assignment by matchings: fixed cases', () => {
	const demoModels = models(3, 2);
	const demoPairs = generatePairs('candidate-vs-reference', demoModels, prompts(24));

	it('3 candidates × 2 references, 6 juniors, 2 raters per pair: each junior sees each response once per prompt', () => {
		for (let seed = 0; seed < 20; seed++) {
			const queues = unwrap(
				assignPairs({ pairs: demoPairs, juniors: juniors(6), ratersPerPair: 2, seed })
			);
			expect(recurrence(demoPairs, flat(queues)).all).toBe(1);
			// Each junior holds one matching (2 pairs) of every prompt: loads are equal.
			expect(queues.map((q) => q.assignments.length)).toEqual([48, 48, 48, 48, 48, 48]);
		}
	});

	it('every junior meets every model combination, on both sides', () => {
		const queues = unwrap(
			assignPairs({ pairs: demoPairs, juniors: juniors(6), ratersPerPair: 2, seed: 3 })
		);
		for (const junior of summarizeAssignments(demoPairs, flat(queues)).juniors) {
			expect(junior.combinations).toHaveLength(6);
			for (const combo of junior.combinations) expect(combo.left + combo.right).toBeGreaterThan(2);
		}
	});

	it('states the demo study’s figures: 2 juniors see references 3 times and candidates 2 times', () => {
		const plan = planBlinding('candidate-vs-reference', demoModels, 2, 2);
		expect(plan).toEqual({
			design: 'candidate-vs-reference',
			juniors: 2,
			ratersPerPair: 2,
			sets: 3,
			juniorsNeeded: 6,
			perAnswer: 3,
			candidate: 2,
			reference: 3
		});
		expect(describeBlinding(plan)).toBe(
			'Blinding: with 2 juniors and 2 raters per pair, a junior sees each reference answer up to 3 times and each candidate answer up to 2 times per question, so recognising an answer seen before can hint at its model. With 6 juniors (2 per pair × 3 sets of pairs without a repeated answer) every junior would see each answer at most once per question. Until then, each junior’s pairs of one question are spread far apart in their queue.'
		);
		expect(describeBlinding(planBlinding('candidate-vs-reference', demoModels, 6, 2))).toBeNull();
	});

	it('states all-pairs figures without groups', () => {
		const plan = planBlinding('all-pairs', models(5, 0), 4, 2)!;
		expect([plan.sets, plan.juniorsNeeded, plan.perAnswer]).toEqual([5, 10, 3]);
		expect(describeBlinding(plan)).toContain(
			'a junior sees each answer up to 3 times per question'
		);
	});

	it('spreads a junior’s pairs of one question far apart when they must see several', () => {
		// 2 juniors rate all 144 pairs: each prompt's 6 pairs should sit about 144 / 6 = 24 apart.
		for (let seed = 0; seed < 10; seed++) {
			const queues = unwrap(
				assignPairs({ pairs: demoPairs, juniors: juniors(2), ratersPerPair: 2, seed })
			);
			for (const queue of queues) {
				const last = new Map<string, number>();
				let closest = Infinity;
				for (const a of queue.assignments) {
					const p = demoPairs[a.pairIndex].prompt;
					if (last.has(p)) closest = Math.min(closest, a.position - last.get(p)!);
					last.set(p, a.position);
				}
				expect(closest).toBeGreaterThanOrEqual(20);
			}
		}
	});
});

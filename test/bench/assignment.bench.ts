/**
 * Assignment benchmark (issue 3, "Performance"): 100,000 assignments must take under 2 s.
 * Run: `node test/bench/assignment.bench.ts` (Node 22 strips the types). Not part of CI.
 */
import {
	assignPairs,
	generatePairs,
	rebalanceForNewJunior,
	type CurrentAssignment,
	type StudyModel
} from '../../src/lib/domain/assignment/index.ts';

const BUDGET_MS = 2000;

function study(promptCount: number, candidates: number, references: number) {
	const models: StudyModel[] = [
		...Array.from({ length: candidates }, (_, i) => ({
			key: `c${i}`,
			group: 'candidate' as const
		})),
		...Array.from({ length: references }, (_, i) => ({ key: `r${i}`, group: 'reference' as const }))
	];
	const prompts = Array.from({ length: promptCount }, (_, i) => `q${i}`);
	return generatePairs('candidate-vs-reference', models, prompts);
}

/** Median and max wall time of `runs` calls, after one warm-up. */
function time(runs: number, fn: () => number): { median: number; max: number; count: number } {
	let count = fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const start = performance.now();
		count = fn();
		times.push(performance.now() - start);
	}
	times.sort((a, b) => a - b);
	return { median: times[runs >> 1], max: times[runs - 1], count };
}

const cases = [
	{
		name: '200 prompts × 9 cand × 3 ref × 2 juniors',
		pairs: study(200, 9, 3),
		juniors: 2,
		rate: 0
	},
	{ name: '5,000 prompts × 10 pairs × 2 juniors', pairs: study(5000, 5, 2), juniors: 2, rate: 0 },
	{
		name: '5,000 prompts × 10 pairs × 2 juniors, repeat 0.1',
		pairs: study(5000, 5, 2),
		juniors: 2,
		rate: 0.1
	},
	{
		name: '5,000 prompts × 10 pairs, 7 juniors, rpp 2',
		pairs: study(5000, 5, 2),
		juniors: 7,
		rate: 0
	}
];

let failed = false;
for (const c of cases) {
	const juniors = Array.from({ length: c.juniors }, (_, i) => `j${i}`);
	const result = time(5, () => {
		const out = assignPairs({
			pairs: c.pairs,
			juniors,
			ratersPerPair: 2,
			seed: 42,
			repeatRate: c.rate
		});
		if (!out.ok) throw new Error(out.error.message);
		return out.value.reduce((n, q) => n + q.assignments.length, 0);
	});
	const ok = result.max < BUDGET_MS;
	failed ||= !ok;
	console.log(
		`assignPairs ${c.name}: ${result.count} assignments, median ${result.median.toFixed(0)} ms, max ${result.max.toFixed(0)} ms ${ok ? 'ok' : 'OVER BUDGET'}`
	);
}

{
	const pairs = study(5000, 5, 2);
	const juniors = ['j0', 'j1'];
	const out = assignPairs({ pairs, juniors, ratersPerPair: 2, seed: 42 });
	if (!out.ok) throw new Error(out.error.message);
	const current: CurrentAssignment[] = out.value.flatMap((q) =>
		q.assignments.map((a) => ({ ...a, started: a.position < 1000 }))
	);
	const result = time(5, () => {
		const change = rebalanceForNewJunior({ pairs, juniors, current, newJunior: 'j2', seed: 42 });
		if (!change.ok) throw new Error(change.error.message);
		return change.value.removed.length;
	});
	const ok = result.max < BUDGET_MS;
	failed ||= !ok;
	console.log(
		`rebalanceForNewJunior 100,000 current → 3rd junior: ${result.count} moved, median ${result.median.toFixed(0)} ms, max ${result.max.toFixed(0)} ms ${ok ? 'ok' : 'OVER BUDGET'}`
	);
}

if (failed) process.exitCode = 1;

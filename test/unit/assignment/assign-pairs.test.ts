import { describe, expect, it } from 'vitest';
import {
	assignPairs,
	summarizeAssignments,
	type AssignInput
} from '../../../src/lib/domain/assignment/index.ts';
import { flat, juniors, studyPairs, unwrap } from './helpers.ts';

const base: AssignInput = {
	pairs: studyPairs(30, 3, 2),
	juniors: juniors(5),
	ratersPerPair: 2,
	seed: 42
};

describe('assignPairs: raters', () => {
	it('gives every pair exactly ratersPerPair distinct juniors', () => {
		for (const ratersPerPair of [1, 2, 3, 5]) {
			const queues = unwrap(assignPairs({ ...base, ratersPerPair }));
			const raters = new Map<number, string[]>();
			for (const a of flat(queues))
				raters.set(a.pairIndex, [...(raters.get(a.pairIndex) ?? []), a.junior]);
			expect(raters.size).toBe(base.pairs.length);
			for (const list of raters.values()) {
				expect(list).toHaveLength(ratersPerPair);
				expect(new Set(list).size).toBe(ratersPerPair);
			}
		}
	});

	it('with 2 juniors and ratersPerPair 2, both rate every pair', () => {
		const queues = unwrap(assignPairs({ ...base, juniors: ['ana', 'ben'] }));
		for (const queue of queues) {
			expect(queue.assignments.map((a) => a.pairIndex).sort((a, b) => a - b)).toEqual(
				base.pairs.map((_, i) => i)
			);
		}
	});

	it('balances loads to within 1 (least-loaded first)', () => {
		const cases = [
			{ pairs: studyPairs(5, 5, 1), juniors: 3, ratersPerPair: 2 }, // 25 pairs → 17/17/16
			{ pairs: studyPairs(101, 1, 1), juniors: 7, ratersPerPair: 3 },
			{ pairs: studyPairs(13, 1, 1), juniors: 4, ratersPerPair: 1 }
		];
		for (const { pairs, juniors: count, ratersPerPair } of cases) {
			const queues = unwrap(
				assignPairs({ pairs, juniors: juniors(count), ratersPerPair, seed: 7 })
			);
			const loads = queues.map((q) => q.assignments.length);
			expect(loads.reduce((a, b) => a + b)).toBe(pairs.length * ratersPerPair);
			expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
		}
	});

	it('breaks load ties with the seed, not by study order', () => {
		const owners = new Set<string>();
		for (let seed = 0; seed < 20; seed++) {
			const queues = unwrap(
				assignPairs({ ...base, pairs: base.pairs.slice(0, 1), ratersPerPair: 1, seed })
			);
			owners.add(queues.find((q) => q.assignments.length === 1)!.junior);
		}
		expect(owners.size).toBeGreaterThan(2);
	});

	it('numbers each queue 0..n−1 and returns queues in study order', () => {
		const queues = unwrap(assignPairs({ ...base, repeatRate: 0.2 }));
		expect(queues.map((q) => q.junior)).toEqual(base.juniors);
		for (const queue of queues) {
			expect(queue.assignments.map((a) => a.position)).toEqual(queue.assignments.map((_, i) => i));
			expect(queue.assignments.every((a) => a.junior === queue.junior)).toBe(true);
		}
	});

	it('accepts numeric junior ids and gives them back as numbers', () => {
		const queues = unwrap(assignPairs({ ...base, juniors: [11, 12, 13] }));
		expect(flat(queues).every((a) => typeof a.junior === 'number')).toBe(true);
		expect(summarizeAssignments(base.pairs, flat(queues)).ratersOfPair.every((n) => n === 2)).toBe(
			true
		);
	});
});

describe('assignPairs: errors', () => {
	it.each([
		[0, 'at least 1'],
		[-1, 'at least 1'],
		[1.5, 'whole number'],
		[Number.NaN, 'whole number'],
		[6, 'raters_per_pair is 6 but the study has only 5 juniors']
	])('refuses ratersPerPair %s', (ratersPerPair, message) => {
		const result = assignPairs({ ...base, ratersPerPair });
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.error.code).toBe('raters-per-pair');
			expect(result.error.message).toContain(message);
		}
	});

	it('refuses an empty or duplicated juniors list', () => {
		expect(assignPairs({ ...base, juniors: [] })).toEqual({
			ok: false,
			error: {
				code: 'juniors',
				message: 'The study lists no juniors; add at least one to assign pairs.'
			}
		});
		const twice = assignPairs({ ...base, juniors: ['a', 'b', 'a'] });
		expect(twice.ok || twice.error.message).toBe(
			'Junior "a" is listed twice; list each junior once.'
		);
	});

	it.each([-0.1, 1.01, Number.NaN, Infinity])('refuses repeatRate %s', (repeatRate) => {
		const result = assignPairs({ ...base, repeatRate });
		expect(result.ok || result.error.code).toBe('repeat-rate');
	});

	it('assigns an empty list of pairs to empty queues', () => {
		const queues = unwrap(assignPairs({ ...base, pairs: [] }));
		expect(queues.map((q) => q.assignments.length)).toEqual([0, 0, 0, 0, 0]);
	});
});

describe('assignPairs: reproducibility', () => {
	it('gives identical output for the same input and seed', () => {
		const input = { ...base, repeatRate: 0.1 };
		expect(assignPairs({ ...input })).toEqual(assignPairs({ ...input }));
		expect(assignPairs({ ...input, seed: 'study-7' })).toEqual(
			assignPairs({ ...input, seed: 'study-7' })
		);
	});

	it('gives different owners, order and placement for a different seed', () => {
		const a = flat(unwrap(assignPairs({ ...base, seed: 1 })));
		const b = flat(unwrap(assignPairs({ ...base, seed: 2 })));
		expect(a).not.toEqual(b);
		const key = (x: (typeof a)[number]) => `${x.junior}:${x.pairIndex}`;
		expect(a.map(key)).not.toEqual(b.map(key)); // owners or order differ
		const sideA = new Map(a.map((x) => [key(x), x.modelOnLeft]));
		const shared = b.filter((x) => sideA.has(key(x)));
		expect(shared.some((x) => sideA.get(key(x)) !== x.modelOnLeft)).toBe(true);
	});
});

import { describe, expect, it } from 'vitest';
import { goldAccuracy } from '../../../src/lib/domain/calibration/gold-accuracy.ts';
import { goldDrift } from '../../../src/lib/domain/calibration/gold-drift.ts';
import { matchExpected } from '../../../src/lib/domain/calibration/match-expected.ts';

describe('goldAccuracy', () => {
	it('pools dimensions as trials, with the Wilson interval of Newcombe (1998)', () => {
		// Newcombe (1998), Stat. Med. 17:857, Table I, method 3: 81/263 → 0.2553–0.3662.
		const results = [
			{ position: 0, matched: 80, judged: 260 },
			{ position: 5, matched: 1, judged: 3 }
		];
		const a = goldAccuracy(results);
		expect(a.matched).toBe(81);
		expect(a.judged).toBe(263);
		expect(a.accuracy).toBeCloseTo(81 / 263, 12);
		expect(a.interval![0]).toBeCloseTo(0.2553, 4);
		expect(a.interval![1]).toBeCloseTo(0.3662, 4);
	});
	it('is null, not 0, when nothing was judged', () => {
		expect(goldAccuracy([])).toEqual({ matched: 0, judged: 0, accuracy: null, interval: null });
	});
});

describe('goldDrift', () => {
	it('splits checks by quarter of the queue in working order', () => {
		// Queue of 20: quarters are positions 0–4, 5–9, 10–14, 15–19.
		const drift = goldDrift(
			[
				{ position: 1, matched: 4, judged: 4 },
				{ position: 4, matched: 4, judged: 4 },
				{ position: 7, matched: 3, judged: 4 },
				{ position: 12, matched: 2, judged: 4 },
				{ position: 19, matched: 1, judged: 4 }
			],
			20
		);
		expect(drift.map((q) => q.accuracy)).toEqual([1, 0.75, 0.5, 0.25]);
		expect(drift.map((q) => q.judged)).toEqual([8, 4, 4, 4]);
	});
	it('leaves a quarter without checks empty (null)', () => {
		const drift = goldDrift([{ position: 0, matched: 1, judged: 2 }], 8);
		expect(drift.map((q) => q.accuracy)).toEqual([0.5, null, null, null]);
	});
});

describe('matchExpected', () => {
	it('counts the dimensions the gold pair expects that the rater judged', () => {
		expect(
			matchExpected(
				{ faithfulness: 'loss', comprehensiveness: 'tie', robustness: 'win' },
				{ faithfulness: 'loss', comprehensiveness: 'win', generalizability: 'tie' }
			)
		).toEqual({
			matched: 1,
			judged: 2,
			dimensions: { faithfulness: true, comprehensiveness: false }
		});
	});
});

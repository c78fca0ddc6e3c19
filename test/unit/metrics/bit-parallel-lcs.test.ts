import { describe, expect, it } from 'vitest';
import { createBitParallelLcs } from '../../../src/lib/domain/metrics/bit-parallel-lcs.ts';
import { lcsLength } from '../../../src/lib/domain/metrics/lcs-length.ts';
import { createRandom } from '../../../src/lib/domain/random.ts';

describe('createBitParallelLcs', () => {
	const lcs = createBitParallelLcs();

	it('testLcsTable (google-research/rouge rouge_scorer_test.py): 3, and 0 without common symbols', () => {
		expect(lcs([1, 2, 3, 4, 5], [2, 5, 3, 4])).toBe(3);
		expect(lcs([1, 2, 3, 4, 5], [8, 9])).toBe(0);
		expect(lcs([], [1])).toBe(0);
		expect(lcs([1], [])).toBe(0);
	});

	it('equals the dynamic programme on random sequences across word boundaries (31, 32, 33, 64, 65 …)', () => {
		const random = createRandom('lcs');
		for (let trial = 0; trial < 600; trial++) {
			const alphabet = 1 + random.int(trial % 3 === 0 ? 3 : 40);
			const lengths = [0, 1, 31, 32, 33, 63, 64, 65, 100, 200, 5000];
			const n = trial < 100 ? lengths[trial % lengths.length] : random.int(150);
			const m = trial < 100 ? lengths[(trial * 7) % lengths.length] : random.int(150);
			const a = Array.from({ length: n }, () => random.int(alphabet) * 37);
			const b = Array.from({ length: m }, () => random.int(alphabet) * 37);
			expect(lcs(a, b), `trial ${trial}`).toBe(lcsLength(a, b));
		}
	});

	it('handles identical long sequences and large ids', () => {
		const a = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 100_003);
		expect(lcs(a, a)).toBe(1000);
		expect(lcs(Int32Array.from(a), Int32Array.from(a.slice(500)))).toBe(500);
	});
});

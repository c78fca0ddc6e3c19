import { describe, expect, it } from 'vitest';
import { consensusGrade } from '../../../src/lib/domain/adjudication/escalation.ts';

describe('consensusGrade (5-point studies)', () => {
	it('is the common grade when the juniors agree exactly', () => {
		expect(consensusGrade([2, 2])).toBe(2);
		expect(consensusGrade([-1, -1, -1])).toBe(-1);
		expect(consensusGrade([0, 0])).toBe(0);
	});

	it('is the weaker grade when they differ only in strength', () => {
		expect(consensusGrade([2, 1])).toBe(1);
		expect(consensusGrade([-2, -1, -2])).toBe(-1);
	});

	it('is null on a 3-point study (no grades) or when one is missing', () => {
		expect(consensusGrade([null, null])).toBeNull();
		expect(consensusGrade([2, undefined])).toBeNull();
		expect(consensusGrade([])).toBeNull();
	});
});

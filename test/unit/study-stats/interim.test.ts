import { describe, expect, it } from 'vitest';
import { interimCounts, interimSignature } from '../../../src/lib/domain/study-stats/interim.ts';

describe('interimCounts (issue #15 §3)', () => {
	const pairs = [
		{ id: 1, model: 'a', opponent: 'ref' }, // pending
		{ id: 2, model: 'a', opponent: 'ref' }, // complete, not escalated, one label missing
		{ id: 3, model: 'b', opponent: 'ref' }, // decided: escalated, all labelled
		{ id: 4, model: 'b', opponent: 'ref' } // incomplete: in neither count
	];
	const result = interimCounts({
		pairs,
		dimensions: ['f', 'r'],
		pending: new Set([1]),
		complete: new Set([1, 2, 3]),
		escalated: new Set([1, 3]),
		labelled: new Set(['2:f', '3:f', '3:r'])
	});

	it('counts pending pairs on every dimension and unresolved labels on their own', () => {
		expect(result).toEqual({
			pending_pairs: 1,
			unresolved_labels: 1,
			cells: [
				{ model: 'a', opponent: 'ref', dimension: 'f', pending: 1, unresolved: 0 },
				{ model: 'a', opponent: 'ref', dimension: 'r', pending: 1, unresolved: 1 }
			]
		});
		expect(interimSignature(result)).toBe('interim:pending=1,unresolved=1');
	});
});

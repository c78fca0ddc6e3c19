import { describe, expect, it } from 'vitest';
import {
	escalationState,
	type JuniorVote
} from '../../../src/lib/domain/adjudication/escalation.ts';
import {
	agreedDimensions,
	escalates,
	escalationRule,
	protocolSignature,
	replacedDimensions,
	ruleCode,
	storedRule
} from '../../../src/lib/domain/adjudication/protocol.ts';

const DIMS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
type O = 'win' | 'tie' | 'loss';
const vote = (rater: string, outcomes: [O, O, O, O], hard = false): JuniorVote => ({
	rater,
	submitted: true,
	hard,
	comment: '',
	outcomes: Object.fromEntries(DIMS.map((key, i) => [key, outcomes[i]]))
});
// The juniors differ on comprehensiveness and robustness, agree on the other two.
const split = [
	vote('Rater 1', ['win', 'tie', 'loss', 'win']),
	vote('Rater 2', ['win', 'loss', 'loss', 'tie'])
];
const flaggedAgreeing = [
	vote('Rater 1', ['tie', 'tie', 'tie', 'tie'], true),
	vote('Rater 2', ['tie', 'tie', 'tie', 'tie'])
];

describe('escalation rules (issue #15 §3)', () => {
	it('any-disagreement (the default) escalates on one differing dimension', () => {
		expect(escalates({ rule: 'any-disagreement' }, 1, false)).toBe(true);
		expect(escalates({ rule: 'any-disagreement' }, 0, false)).toBe(false);
		expect(escalationState(split, DIMS)).toMatchObject({
			state: 'escalate',
			reasons: { dimensions: ['comprehensiveness', 'robustness'], flaggedBy: [] }
		});
	});

	it('flagged-only escalates only flagged pairs; disputed dimensions elsewhere stay unresolved', () => {
		const rule = { rule: 'flagged-only' } as const;
		expect(escalationState(split, DIMS, rule)).toEqual({
			state: 'consensus',
			outcomes: { faithfulness: 'win', generalizability: 'loss' },
			unresolved: ['comprehensiveness', 'robustness']
		});
		expect(escalationState(flaggedAgreeing, DIMS, rule)).toMatchObject({
			state: 'escalate',
			reasons: { dimensions: [], flaggedBy: ['Rater 1'] }
		});
	});

	it('disagreement-on n escalates at n differing dimensions or more, and on a flag', () => {
		expect(escalationState(split, DIMS, { rule: 'disagreement-on', n: 2 })).toMatchObject({
			state: 'escalate'
		});
		expect(escalationState(split, DIMS, { rule: 'disagreement-on', n: 3 })).toEqual({
			state: 'consensus',
			outcomes: { faithfulness: 'win', generalizability: 'loss' },
			unresolved: ['comprehensiveness', 'robustness']
		});
		expect(escalationState(flaggedAgreeing, DIMS, { rule: 'disagreement-on', n: 4 })).toMatchObject(
			{
				state: 'escalate'
			}
		);
		expect(escalates({ rule: 'disagreement-on', n: 1 }, 1, false)).toBe(true);
		expect(escalates({ rule: 'disagreement-on', n: 2 }, 1, false)).toBe(false);
	});

	it('reads the study file value and the stored columns, and names the rule in signatures', () => {
		expect(escalationRule('flagged-only')).toEqual({ rule: 'flagged-only' });
		expect(escalationRule({ 'disagreement-on': 2 })).toEqual({ rule: 'disagreement-on', n: 2 });
		expect(storedRule('disagreement-on', 3)).toEqual({ rule: 'disagreement-on', n: 3 });
		expect(storedRule('any-disagreement', null)).toEqual({ rule: 'any-disagreement' });
		expect(ruleCode({ rule: 'disagreement-on', n: 2 })).toBe('disagreement-on:2');
		expect(
			protocolSignature({ escalate: { rule: 'flagged-only' }, adjudicate: 'whole-pair' })
		).toBe('protocol:escalate=flagged-only,adjudicate=whole-pair');
	});
});

describe('adjudication scope (issue #15 §3)', () => {
	const disputed = { dimensions: ['comprehensiveness', 'robustness'], flaggedBy: [] };
	const flagged = { dimensions: ['robustness'], flaggedBy: ['Rater 2'] };

	it('"disputed" replaces the disputed dimensions, in study order, plus explicitly re-opened ones', () => {
		expect(replacedDimensions('disputed', disputed, DIMS)).toEqual([
			'comprehensiveness',
			'robustness'
		]);
		expect(replacedDimensions('disputed', disputed, DIMS, ['faithfulness'])).toEqual([
			'faithfulness',
			'comprehensiveness',
			'robustness'
		]);
		expect(agreedDimensions('disputed', disputed, DIMS)).toEqual([
			'faithfulness',
			'generalizability'
		]);
	});

	it('"disputed" on a flagged pair, and "whole-pair" always, replace every dimension; nothing to re-open', () => {
		expect(replacedDimensions('disputed', flagged, DIMS)).toEqual(DIMS);
		expect(agreedDimensions('disputed', flagged, DIMS)).toEqual([]);
		expect(replacedDimensions('whole-pair', disputed, DIMS)).toEqual(DIMS);
		expect(agreedDimensions('whole-pair', disputed, DIMS)).toEqual([]);
	});
});

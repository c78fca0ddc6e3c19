import { describe, expect, it } from 'vitest';
import {
	escalationState,
	type JuniorVote
} from '../../../src/lib/domain/adjudication/escalation.ts';

const DIMS = ['faithfulness', 'comprehensiveness'];
const vote = (
	rater: string,
	f: 'win' | 'tie' | 'loss',
	c: 'win' | 'tie' | 'loss',
	extra: Partial<JuniorVote> = {}
): JuniorVote => ({
	rater,
	submitted: true,
	hard: false,
	comment: '',
	outcomes: { faithfulness: f, comprehensiveness: c },
	...extra
});

describe('escalationState', () => {
	it('agreement without flags is consensus, with the common outcomes', () => {
		expect(
			escalationState([vote('Rater 1', 'win', 'tie'), vote('Rater 2', 'win', 'tie')], DIMS)
		).toEqual({
			state: 'consensus',
			outcomes: { faithfulness: 'win', comprehensiveness: 'tie' },
			unresolved: []
		});
	});

	it('disagreement on one dimension escalates, naming only that dimension', () => {
		expect(
			escalationState(
				[
					vote('Rater 1', 'win', 'tie'),
					vote('Rater 2', 'win', 'loss', { comment: 'B misses red flags' })
				],
				DIMS
			)
		).toEqual({
			state: 'escalate',
			reasons: {
				dimensions: ['comprehensiveness'],
				flaggedBy: [],
				comments: [{ rater: 'Rater 2', text: 'B misses red flags' }]
			}
		});
	});

	it('a "Hard to decide" flag alone escalates', () => {
		expect(
			escalationState(
				[vote('Rater 1', 'tie', 'tie', { hard: true }), vote('Rater 2', 'tie', 'tie')],
				DIMS
			)
		).toEqual({
			state: 'escalate',
			reasons: { dimensions: [], flaggedBy: ['Rater 1'], comments: [] }
		});
	});

	it('waits until every junior has submitted', () => {
		expect(
			escalationState(
				[vote('Rater 1', 'win', 'win'), vote('Rater 2', 'loss', 'loss', { submitted: false })],
				DIMS
			)
		).toEqual({
			state: 'incomplete'
		});
		expect(escalationState([], DIMS)).toEqual({ state: 'incomplete' });
	});
});

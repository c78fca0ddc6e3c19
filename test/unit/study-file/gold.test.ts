/** The study file's gold pairs, training and hidden checks (issue #16 §3): parsing and cross-checks. */
import { describe, expect, it } from 'vitest';
import { formatProblem, parseStudyFile } from '../../../src/lib/domain/study-file/index.ts';
import { smallStudy } from '../../helpers/study.ts';

const expected = { faithfulness: 'loss', robustness: 'tie' };
const good = { prompt: 'q1', model: 'cand-a', opponent: 'ref', expected, explanation: 'Because.' };

const problemsOf = (overrides: object) => {
	const result = parseStudyFile(JSON.stringify({ ...smallStudy(), ...overrides }));
	if (result.ok) throw new Error('expected problems');
	return result.problems.map(formatProblem);
};

describe('gold pairs in the study file', () => {
	it('are optional; the paper protocol has none, and no training or checks', () => {
		const result = parseStudyFile(JSON.stringify(smallStudy()));
		if (!result.ok) throw new Error();
		expect(result.value.gold).toEqual([]);
		expect(result.value.training).toBeUndefined();
		expect(result.value.gold_checks).toBeUndefined();
	});

	it('parse with training and hidden checks (threshold defaults to 0.6)', () => {
		const result = parseStudyFile(
			JSON.stringify({
				...smallStudy(),
				gold: [good, { ...good, prompt: 'q2', explanation: undefined }],
				training: { pairs: 1, min_agreement: 0.7 },
				gold_checks: { share: 0.05 }
			})
		);
		if (!result.ok) throw new Error(JSON.stringify(result.problems));
		expect(result.value.gold[1].explanation).toBe('');
		expect(result.value.training).toEqual({ pairs: 1, min_agreement: 0.7 });
		expect(result.value.gold_checks).toEqual({ share: 0.05, threshold: 0.6 });
	});

	it('must be pairs of the design with known prompts and dimensions, each once', () => {
		expect(
			problemsOf({
				gold: [
					good,
					good,
					{ ...good, prompt: 'q9' },
					{ ...good, model: 'ref', opponent: 'cand-a' },
					{ ...good, model: 'nobody' },
					{ ...good, prompt: 'q3', expected: { harm: 'win' } }
				]
			})
		).toEqual([
			'gold[1]: duplicate gold pair (first at gold[0])',
			'gold[2].prompt: unknown prompt "q9"',
			`gold[3]: not a pair of the study: under "candidate-vs-reference" a pair's model is a candidate and its opponent a reference`,
			'gold[4]: not a pair of the study: unknown model "nobody"',
			'gold[5].expected.harm: unknown dimension "harm"'
		]);
	});

	it('refuses outcomes other than win, tie, loss and an empty expectation', () => {
		expect(problemsOf({ gold: [{ ...good, expected: { faithfulness: 'A' } }] })).toEqual([
			`gold[0].expected.faithfulness: expected outcomes must be "win", "tie" or "loss" (from the model's side)`
		]);
		expect(problemsOf({ gold: [{ ...good, expected: {} }] })).toEqual([
			'gold[0].expected: expected needs an outcome for at least one dimension'
		]);
	});

	it('needs enough gold for training and for checks a junior has not seen in training', () => {
		expect(problemsOf({ gold: [good], training: { pairs: 2 } })).toEqual([
			'training.pairs: training.pairs is 2 but the study lists 1 gold pair(s)'
		]);
		expect(problemsOf({ gold_checks: { share: 0.1 } })).toEqual([
			'gold_checks: gold_checks needs gold pairs (gold)'
		]);
		expect(
			problemsOf({ gold: [good], training: { pairs: 1 }, gold_checks: { share: 0.1 } })
		).toEqual([
			'gold_checks: a junior never sees a gold pair twice: with training.pairs 1 of 1 gold pair(s) none is left for hidden checks'
		]);
		expect(problemsOf({ gold: [good], gold_checks: { share: 0.9, threshold: 2 } })).toEqual([
			'gold_checks.share: gold_checks.share must be a number above 0 and at most 0.5',
			'gold_checks.threshold: gold_checks.threshold must be a number from 0 to 1'
		]);
	});
});

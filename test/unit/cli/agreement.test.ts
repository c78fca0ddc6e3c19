import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAgreement } from '../../../src/cli/commands/agreement.ts';
import { runMedpair } from '../../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-agreement-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
}

const medpair = (...args: string[]) => runMedpair(args);

const flags = { categories: 'loss,tie,win', seed: '42' };

// Krippendorff (2011): 4 observers, 12 units, values 1–5 (α nominal .743, interval .849).
const KRIPPENDORFF = [
	[1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
	[1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
	[null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
	[1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null]
];
const krippendorffCsv =
	'item,rater,label\n' +
	KRIPPENDORFF.flatMap((values, rater) =>
		values.flatMap((value, unit) =>
			value === null ? [] : [`u${unit + 1},${'ABCD'[rater]},${value}`]
		)
	).join('\n');

const twoDimensions = file(
	'ratings.jsonl',
	[
		{ item: 'p1', rater: 'ann', label: 'win', dimension: 'faithfulness', prompt: 'q1' },
		{ item: 'p1', rater: 'bob', label: 'win', dimension: 'faithfulness', prompt: 'q1' },
		{ item: 'p2', rater: 'ann', label: 'tie', dimension: 'faithfulness', prompt: 'q1' },
		{ item: 'p2', rater: 'bob', label: 'loss', dimension: 'faithfulness', prompt: 'q1' },
		{ item: 'p3', rater: 'ann', label: 'loss', dimension: 'faithfulness', prompt: 'q2' },
		{ item: 'p3', rater: 'bob', label: 'loss', dimension: 'faithfulness', prompt: 'q2' },
		{ item: 'p1', rater: 'ann', label: 'tie', dimension: 'robustness', prompt: 'q1' },
		{ item: 'p1', rater: 'bob', label: 'tie', dimension: 'robustness', prompt: 'q1' }
	]
		.map((line) => JSON.stringify(line))
		.join('\n')
);

describe('medpair agreement', () => {
	it('--json prints {signature, results} with one result per dimension', () => {
		const { code, stdout, stderr } = medpair('agreement', twoDimensions, '--json');
		expect(stderr).toBe('');
		expect(code).toBe(0);
		const report = JSON.parse(stdout);
		expect(Object.keys(report)).toEqual(['signature', 'results']);
		expect(report.signature).toBe(
			'agreement|categories:loss,tie,win|values:positions|weights:linear,quadratic(positions)|bootstrap:none|medpair:0.1.0'
		);
		expect(report.results.map((r: { dimension: string }) => r.dimension)).toEqual([
			'faithfulness',
			'robustness'
		]);
		const [f] = report.results;
		expect(f).toMatchObject({ n_items: 3, n_raters: 2, n_ratings: 6, n_items_pairable: 3 });
		expect(f.percent_agreement).toBeCloseTo(2 / 3, 12);
		expect(Object.keys(f)).toEqual([
			'dimension',
			'n_items',
			'n_raters',
			'n_ratings',
			'n_items_pairable',
			'percent_agreement',
			'cohen_kappa',
			'scott_pi',
			'fleiss_kappa',
			'fleiss_kappa_generalized',
			'krippendorff_alpha',
			'gwet_ac1',
			'gwet_ac2',
			'pairwise',
			'components',
			'bootstrap',
			'notes'
		]);
	});

	it('reproduces Krippendorff (2011) from a CSV with --categories and --values', () => {
		const path = file('krippendorff.csv', krippendorffCsv);
		const out = JSON.parse(
			runAgreement(path, { categories: '1,2,3,4,5', values: '1,2,3,4,5', seed: '1', json: true })
		);
		const alpha = out.results[0].krippendorff_alpha;
		expect(alpha.nominal).toBeCloseTo(0.743, 3);
		expect(alpha.ordinal).toBeCloseTo(0.815, 3);
		expect(alpha.interval).toBeCloseTo(0.849, 3);
		expect(alpha.ratio).toBeCloseTo(0.797, 3);
		expect(out.signature).toContain('values:1,2,3,4,5');
	});

	it('bootstraps over prompts reproducibly for a seed', () => {
		const args = ['agreement', twoDimensions, '--bootstrap', '300', '--seed', '9', '--json'];
		const one = medpair(...args);
		const two = medpair(...args);
		expect(one.stdout).toBe(two.stdout);
		const report = JSON.parse(one.stdout);
		expect(report.signature).toContain('bootstrap:B=300,seed=9,cluster=prompt,ci=percentile95');
		expect(report.results[0].bootstrap).toMatchObject({
			B: 300,
			seed: 9,
			cluster: 'prompt',
			n_clusters: 2
		});
	});

	it('prints readable tables, notes and the signature without --json', () => {
		const text = runAgreement(twoDimensions, flags);
		expect(text).toContain('Agreement: faithfulness (3 items, 2 raters, 6 ratings');
		expect(text).toContain("Cohen's κ");
		expect(text).toContain('Rater pairs: faithfulness');
		expect(text).toMatch(/note: .*robustness|note: cohen_kappa/);
		expect(text.trimEnd().split('\n').at(-1)).toMatch(/^signature: agreement\|/);
	});

	it('stops with one line naming the line of an unknown label', () => {
		const path = file('bad.csv', 'item,rater,label\nq1,a,win\nq1,b,A better\nq2,a,B better\n');
		const { code, stdout, stderr } = medpair('agreement', path);
		expect(code).not.toBe(0);
		expect(stdout).toBe('');
		expect(stderr).toBe(
			`medpair: ${path} line 3: unknown label "A better" (expected one of: loss, tie, win); give the labels with --categories (and 1 more problem)\n`
		);
	});

	it('names the line of a duplicate rating, a missing column, an empty or missing file', () => {
		const duplicate = file('dup.csv', 'item,rater,label\nq1,a,win\nq1,a,tie\n');
		expect(() => runAgreement(duplicate, flags)).toThrow(
			`${duplicate} line 3: duplicate rating: rater "a" already rated item "q1" on line 2`
		);
		const noLabel = file('nolabel.csv', 'item,rater\nq1,a\n');
		expect(() => runAgreement(noLabel, flags)).toThrow(`${noLabel} line 1: missing column "label"`);
		const empty = file('empty.csv', '');
		expect(() => runAgreement(empty, flags)).toThrow(`${empty} line 1: the file has no ratings`);
		expect(() => runAgreement(join(dir, 'nope.csv'), flags)).toThrow('no such file');
	});

	it('rejects bad options with a message saying what to fix', () => {
		expect(() => runAgreement(twoDimensions, { ...flags, categories: 'win' })).toThrow(
			/--categories/
		);
		expect(() => runAgreement(twoDimensions, { ...flags, values: '1,2' })).toThrow(
			/--values needs one number per category/
		);
		expect(() => runAgreement(twoDimensions, { ...flags, bootstrap: 'lots' })).toThrow(
			/--bootstrap/
		);
		expect(() => runAgreement(twoDimensions, { ...flags, seed: 'x', bootstrap: '10' })).toThrow(
			/--seed/
		);
	});
});

describe('medpair agreement --values at small scales (issue #15)', () => {
	it('--values 1e-7,2e-7,3e-7 gives the same interval α as 1,2,3 (was null)', () => {
		// Two raters on 7 items; interval α = 1 − 52/216 by hand (test/unit/stats/krippendorff-alpha.test.ts).
		const lines = ['item,rater,label'];
		const a = [1, 2, 3, 1, 2, 3, 3];
		const b = [1, 2, 3, 2, 2, 3, 2];
		a.forEach((label, i) => lines.push(`u${i},A,${label}`, `u${i},B,${b[i]}`));
		const path = file('scaled.csv', lines.join('\n') + '\n');
		const alpha = (values: string) =>
			JSON.parse(runAgreement(path, { categories: '1,2,3', values, seed: '42', json: true }))
				.results[0].krippendorff_alpha.interval;
		expect(alpha('1,2,3')).toBeCloseTo(1 - 52 / 216, 12);
		expect(alpha('1e-7,2e-7,3e-7')).toBeCloseTo(1 - 52 / 216, 12);
	});
});

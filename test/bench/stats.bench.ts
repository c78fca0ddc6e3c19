/**
 * Benchmark of the statistics engine (issue #5 targets). Not run by CI. Run with Node 22:
 *
 *   node test/bench/stats.bench.ts            (npx node … when the system node is older)
 *
 * Each part runs in its own child process so its peak memory (max RSS) is its own:
 *   agreement  all coefficients for 1,000,000 ratings (3 raters, 3 categories)   < 1.5 s, 500 MB
 *   bootstrap  1,000 resamples over 10,000 items                                 < 3 s
 *   tables     1,000,000 outcomes, 16 models × 4 dimensions, with Bradley–Terry  < 2 s
 *   python     scikit-learn cohen_kappa_score and statsmodels fleiss_kappa on the same
 *              ratings (Debian's python3-sklearn / python3-statsmodels), for the ratio
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom } from '../../src/lib/domain/random.ts';
import { agreementReport } from '../../src/lib/domain/stats/agreement-report.ts';
import { agreementWeights } from '../../src/lib/domain/stats/agreement-weights.ts';
import { agreementCoefficients } from '../../src/lib/domain/stats/agreement-coefficients.ts';
import { clusterStatistics } from '../../src/lib/domain/stats/cluster-statistics.ts';
import { encodeRatings } from '../../src/lib/domain/stats/encode-ratings.ts';
import { pairwiseAgreement } from '../../src/lib/domain/stats/pairwise-agreement.ts';
import { parseOutcomes } from '../../src/lib/domain/stats/parse-outcomes.ts';
import { parseRatings } from '../../src/lib/domain/stats/parse-ratings.ts';
import { statisticsLayout } from '../../src/lib/domain/stats/statistics-layout.ts';
import { tablesReport } from '../../src/lib/domain/stats/tables-report.ts';
import type { Outcome, OutcomeLabel, Rating } from '../../src/lib/domain/stats/types.ts';

const SELF = fileURLToPath(import.meta.url);
const LTW = ['loss', 'tie', 'win'];
const OUTCOMES: OutcomeLabel[] = ['loss', 'tie', 'win'];

/** Best wall time of `runs` calls, in milliseconds. */
function time(runs: number, work: () => unknown): number {
	let best = Infinity;
	for (let r = 0; r < runs; r++) {
		const start = performance.now();
		work();
		best = Math.min(best, performance.now() - start);
	}
	return best;
}

/** 3 raters on `items` items, labels agreeing with a hidden truth 70 % of the time. */
function makeRatings(items: number, total: number, seed: number): Rating[] {
	const random = createRandom(seed);
	const ratings: Rating[] = [];
	for (let i = 0; ratings.length < total && i < items; i++) {
		const truth = random.int(3);
		for (let r = 0; r < 3 && ratings.length < total; r++) {
			const label = random.next() < 0.7 ? truth : random.int(3);
			ratings.push({ item: `q${i}`, rater: `rater${r}`, label: LTW[label], prompt: `p${i >> 1}` });
		}
	}
	return ratings;
}

const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function partAgreement(): Record<string, number> {
	const ratings = makeRatings(333_334, 1_000_000, 1);
	const csv =
		'item,rater,label\n' + ratings.map((r) => `${r.item},${r.rater},${r.label}`).join('\n');
	const report = () => agreementReport(ratings, { categories: LTW });
	const total = time(3, report);
	const encoded = encodeRatings(ratings, LTW);
	const layout = statisticsLayout(3, false);
	const linear = agreementWeights(3, 'linear');
	const quadratic = agreementWeights(3, 'quadratic');
	const identity = agreementWeights(3, 'identity');
	const core = time(3, () => {
		const rows = clusterStatistics(encoded, layout, linear, quadratic);
		const sum = new Float64Array(layout.size);
		for (let at = 0; at < rows.length; at += layout.size) {
			for (let j = 0; j < layout.size; j++) sum[j] += rows[at + j];
		}
		agreementCoefficients(sum, {
			layout,
			identity,
			linear,
			quadratic,
			positions: Float64Array.of(0, 1, 2),
			values: null,
			ratingsPerItem: null,
			noCohen: 'bench'
		});
		pairwiseAgreement(encoded, { identity, linear, quadratic });
	});
	const encode = time(3, () => encodeRatings(ratings, LTW));
	const parse = time(1, () => parseRatings(csv, { format: 'csv', categories: LTW }));
	const result = report().results[0];
	return {
		ratings: ratings.length,
		report_ms: total,
		encode_ms: encode,
		core_ms: core,
		parse_csv_ms: parse,
		peak_rss_mb: peakMb(),
		fleiss_kappa: result.fleiss_kappa ?? NaN,
		alpha_nominal: result.krippendorff_alpha.nominal ?? NaN
	};
}

function partBootstrap(): Record<string, number> {
	const ratings = makeRatings(10_000, 30_000, 2).map(({ prompt: _prompt, ...rest }) => rest);
	const plain = time(3, () => agreementReport(ratings, { categories: LTW }));
	const withBootstrap = time(3, () =>
		agreementReport(ratings, { categories: LTW, bootstrap: { B: 1000, seed: 42 } })
	);
	return {
		items: 10_000,
		resamples: 1000,
		report_ms: plain,
		report_with_bootstrap_ms: withBootstrap,
		bootstrap_ms: withBootstrap - plain,
		peak_rss_mb: peakMb()
	};
}

function makeOutcomes(total: number): Outcome[] {
	const random = createRandom(3);
	const models = Array.from({ length: 16 }, (_, m) => `model-${m}`);
	const strength = models.map((_, m) => (m - 7.5) / 5);
	const dimensions = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
	const outcomes: Outcome[] = [];
	for (let p = 0; outcomes.length < total; p++) {
		for (const dimension of dimensions) {
			for (let a = 0; a < 16; a++) {
				for (let b = a + 1; b < 16 && outcomes.length < total; b++) {
					const win = 1 / (1 + Math.exp(strength[b] - strength[a]));
					const u = random.next();
					const outcome = u < 0.2 ? 1 : random.next() < win ? 2 : 0;
					outcomes.push({
						prompt: `q${p}`,
						model: models[a],
						opponent: models[b],
						dimension,
						outcome: OUTCOMES[outcome]
					});
				}
			}
		}
	}
	return outcomes;
}

function partTables(): Record<string, number> {
	const outcomes = makeOutcomes(1_000_000);
	const csv =
		'prompt,model,opponent,dimension,outcome\n' +
		outcomes
			.map((o) => `${o.prompt},${o.model},${o.opponent},${o.dimension},${o.outcome}`)
			.join('\n');
	const report = time(3, () => tablesReport(outcomes));
	const parse = time(1, () => parseOutcomes(csv, { format: 'csv' }));
	const bootstrap = time(1, () => tablesReport(outcomes, { bootstrap: { B: 100, seed: 1 } }));
	return {
		outcomes: outcomes.length,
		report_ms: report,
		parse_csv_ms: parse,
		report_with_bootstrap_B100_ms: bootstrap,
		peak_rss_mb: peakMb()
	};
}

const PYTHON = `
import sys, time, json
import numpy as np
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa
labels = np.fromfile(sys.argv[1], dtype=np.int8).reshape(-1, 3)
both = (labels[:, 0] >= 0) & (labels[:, 1] >= 0)
a, b = labels[both, 0], labels[both, 1]
def best(f, runs=3):
    t = float("inf")
    for _ in range(runs):
        s = time.perf_counter(); f(); t = min(t, time.perf_counter() - s)
    return t * 1000
out = {}
out["cohen_unweighted_ms"] = best(lambda: cohen_kappa_score(a, b, labels=[0, 1, 2]))
out["cohen_linear_ms"] = best(lambda: cohen_kappa_score(a, b, labels=[0, 1, 2], weights="linear"))
out["cohen_quadratic_ms"] = best(lambda: cohen_kappa_score(a, b, labels=[0, 1, 2], weights="quadratic"))
full = labels[(labels >= 0).all(axis=1)]
out["aggregate_raters_ms"] = best(lambda: aggregate_raters(full, n_cat=3))
table = aggregate_raters(full, n_cat=3)[0]
out["fleiss_kappa_ms"] = best(lambda: fleiss_kappa(table))
out["cohen_unweighted"] = float(cohen_kappa_score(a, b, labels=[0, 1, 2]))
out["fleiss_kappa"] = float(fleiss_kappa(table))
print(json.dumps(out))
`;

function partPython(): Record<string, number> {
	const ratings = makeRatings(333_334, 1_000_000, 1);
	const dir = mkdtempSync(join(tmpdir(), 'medpair-bench-'));
	try {
		// Same data as the agreement part, as an items × 3 int8 matrix (−1 = missing).
		const matrix = new Int8Array(333_334 * 3).fill(-1);
		for (const r of ratings) {
			matrix[Number(r.item.slice(1)) * 3 + Number(r.rater.slice(5))] = LTW.indexOf(r.label);
		}
		const file = join(dir, 'labels.int8');
		writeFileSync(file, matrix);
		const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
		const run = spawnSync(python, ['-c', PYTHON, file], { encoding: 'utf8' });
		if (run.status !== 0) throw new Error(`python failed: ${run.stderr}`);
		// medpair on the same two raters: Cohen's κ (all three weightings) and the rest, all at once.
		const twoRaters = ratings.filter((r) => r.rater !== 'rater2');
		const medpairTwo = time(3, () => agreementReport(twoRaters, { categories: LTW }));
		const complete = ratings.filter((r) => Number(r.item.slice(1)) < 333_333);
		const medpairThree = time(3, () => agreementReport(complete, { categories: LTW }));
		const two = agreementReport(twoRaters, { categories: LTW }).results[0];
		const three = agreementReport(complete, { categories: LTW }).results[0];
		const py = JSON.parse(run.stdout);
		return {
			...py,
			medpair_two_raters_all_coefficients_ms: medpairTwo,
			medpair_three_raters_all_coefficients_ms: medpairThree,
			medpair_cohen_unweighted: two.cohen_kappa!.unweighted!,
			medpair_fleiss_kappa: three.fleiss_kappa!
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const PARTS: Record<string, () => Record<string, number>> = {
	agreement: partAgreement,
	bootstrap: partBootstrap,
	tables: partTables,
	python: partPython
};

const part = process.argv[2];
if (part) {
	process.stdout.write(JSON.stringify(PARTS[part]()) + '\n');
} else {
	const results: Record<string, Record<string, number>> = {};
	for (const name of Object.keys(PARTS)) {
		const run = spawnSync(process.execPath, [SELF, name], { encoding: 'utf8' });
		if (run.status !== 0) {
			console.error(`${name} failed:\n${run.stderr}`);
			process.exitCode = 1;
			continue;
		}
		results[name] = JSON.parse(run.stdout);
	}
	const f = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(n < 10 ? 3 : 0));
	const { agreement, bootstrap, tables, python } = results;
	const lines = [
		`node ${process.version}, ${new Date().toISOString()}`,
		'',
		`agreement, ${agreement?.ratings} ratings (3 raters, 3 categories), all coefficients:`,
		`  agreementReport ${f(agreement?.report_ms)} ms (encode strings ${f(agreement?.encode_ms)} ms, counts + coefficients + pairwise ${f(agreement?.core_ms)} ms); peak RSS ${agreement?.peak_rss_mb} MB  [target < 1500 ms, < 500 MB]`,
		`  parseRatings of the same data as CSV: ${f(agreement?.parse_csv_ms)} ms`,
		`bootstrap, 1000 resamples over 10,000 items: ${f(bootstrap?.bootstrap_ms)} ms (report alone ${f(bootstrap?.report_ms)} ms)  [target < 3000 ms]`,
		`tables, ${tables?.outcomes} outcomes, 16 models × 4 dimensions, with Bradley–Terry: ${f(tables?.report_ms)} ms; peak RSS ${tables?.peak_rss_mb} MB  [target < 2000 ms]`,
		`  parseOutcomes of the same data as CSV: ${f(tables?.parse_csv_ms)} ms; with bootstrap B=100: ${f(tables?.report_with_bootstrap_B100_ms)} ms`
	];
	if (python) {
		const sklearn = python.cohen_unweighted_ms + python.cohen_linear_ms + python.cohen_quadratic_ms;
		const statsmodels = python.aggregate_raters_ms + python.fleiss_kappa_ms;
		lines.push(
			'python (same ratings):',
			`  sklearn cohen_kappa_score, 333,334 item pairs: unweighted ${f(python.cohen_unweighted_ms)} ms, linear ${f(python.cohen_linear_ms)} ms, quadratic ${f(python.cohen_quadratic_ms)} ms; sum ${f(sklearn)} ms`,
			`  medpair, same two raters, every coefficient + pairwise: ${f(python.medpair_two_raters_all_coefficients_ms)} ms → sklearn/medpair = ${(sklearn / python.medpair_two_raters_all_coefficients_ms).toFixed(1)}×`,
			`  statsmodels aggregate_raters + fleiss_kappa, 333,333 items × 3: ${f(python.aggregate_raters_ms)} + ${f(python.fleiss_kappa_ms)} ms`,
			`  medpair, same ratings, every coefficient + pairwise: ${f(python.medpair_three_raters_all_coefficients_ms)} ms → statsmodels/medpair = ${(statsmodels / python.medpair_three_raters_all_coefficients_ms).toFixed(1)}×`,
			`  same values: κ ${python.cohen_unweighted.toFixed(12)} vs ${python.medpair_cohen_unweighted.toFixed(12)}; Fleiss ${python.fleiss_kappa.toFixed(12)} vs ${python.medpair_fleiss_kappa.toFixed(12)}`
		);
	}
	console.log(lines.join('\n'));
}

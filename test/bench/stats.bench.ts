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
import { agreementFromCodes } from '../../src/lib/domain/stats/agreement-from-codes.ts';
import { agreementReport } from '../../src/lib/domain/stats/agreement-report.ts';
import { encodeRatings } from '../../src/lib/domain/stats/encode-ratings.ts';
import { parseOutcomes } from '../../src/lib/domain/stats/parse-outcomes.ts';
import { parseRatings } from '../../src/lib/domain/stats/parse-ratings.ts';
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

type Codes = { item: Int32Array; rater: Int32Array; category: Uint8Array };

/** 3 raters on `items` items, labels agreeing with a hidden truth 70 % of the time. */
function makeCodes(items: number, total: number, seed: number): Codes {
	const random = createRandom(seed);
	const codes = {
		item: new Int32Array(total),
		rater: new Int32Array(total),
		category: new Uint8Array(total)
	};
	for (let i = 0, k = 0; k < total && i < items; i++) {
		const truth = random.int(3);
		for (let r = 0; r < 3 && k < total; r++, k++) {
			codes.item[k] = i;
			codes.rater[k] = r;
			codes.category[k] = random.next() < 0.7 ? truth : random.int(3);
		}
	}
	return codes;
}

const RATERS = ['rater0', 'rater1', 'rater2'];

/** The same ratings as objects, as a parsed file or the web app would hold them. */
function ratingsOf(codes: Codes, prompts = true): Rating[] {
	return Array.from(codes.item, (item, k) => ({
		item: `q${item}`,
		rater: RATERS[codes.rater[k]],
		label: LTW[codes.category[k]],
		...(prompts ? { prompt: `p${item >> 1}` } : {})
	}));
}

const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

function partAgreement(): Record<string, number> {
	const ratings = ratingsOf(makeCodes(333_334, 1_000_000, 1), false);
	const inputRss = rssMb();
	const result = agreementReport(ratings, { categories: LTW }).results[0];
	const peak = peakMb();
	const total = time(3, () => agreementReport(ratings, { categories: LTW }));
	const encode = time(3, () => encodeRatings(ratings, LTW));
	return {
		ratings: ratings.length,
		report_ms: total,
		encode_ms: encode,
		input_rss_mb: inputRss,
		peak_rss_mb: peak,
		fleiss_kappa: result.fleiss_kappa ?? NaN
	};
}

function partCodes(): Record<string, number> {
	const codes = makeCodes(333_334, 1_000_000, 1);
	agreementFromCodes(codes, { categories: LTW });
	const peak = peakMb();
	const report = time(5, () => agreementFromCodes(codes, { categories: LTW }));
	return { report_ms: report, peak_rss_mb: peak };
}

function partParse(): Record<string, number> {
	const csv =
		'item,rater,label\n' +
		ratingsOf(makeCodes(333_334, 1_000_000, 1))
			.map((r) => `${r.item},${r.rater},${r.label}`)
			.join('\n');
	const start = performance.now();
	const parsed = parseRatings(csv, { format: 'csv', categories: LTW });
	const parsedAt = performance.now();
	if (!parsed.ok) throw new Error('bench data did not parse');
	agreementReport(parsed.value, { categories: LTW });
	return {
		parse_ms: parsedAt - start,
		parse_and_report_ms: performance.now() - start,
		peak_rss_mb: peakMb()
	};
}

function partBootstrap(): Record<string, number> {
	const ratings = ratingsOf(makeCodes(10_000, 30_000, 2), false);
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
	const report = time(3, () => tablesReport(outcomes));
	const bootstrap = time(1, () => tablesReport(outcomes, { bootstrap: { B: 100, seed: 1 } }));
	return {
		outcomes: outcomes.length,
		report_ms: report,
		report_with_bootstrap_B100_ms: bootstrap,
		peak_rss_mb: peakMb()
	};
}

function partTablesParse(): Record<string, number> {
	const csv =
		'prompt,model,opponent,dimension,outcome\n' +
		makeOutcomes(1_000_000)
			.map((o) => `${o.prompt},${o.model},${o.opponent},${o.dimension},${o.outcome}`)
			.join('\n');
	const start = performance.now();
	const parsed = parseOutcomes(csv, { format: 'csv' });
	const parsedAt = performance.now();
	if (!parsed.ok) throw new Error('bench data did not parse');
	tablesReport(parsed.value);
	return {
		parse_ms: parsedAt - start,
		parse_and_report_ms: performance.now() - start,
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
	const codes = makeCodes(333_334, 1_000_000, 1);
	const dir = mkdtempSync(join(tmpdir(), 'medpair-bench-'));
	try {
		// Same data as the agreement part, as an items × 3 int8 matrix (−1 = missing).
		const matrix = new Int8Array(333_334 * 3).fill(-1);
		for (let k = 0; k < codes.item.length; k++) {
			matrix[codes.item[k] * 3 + codes.rater[k]] = codes.category[k];
		}
		const file = join(dir, 'labels.int8');
		writeFileSync(file, matrix);
		const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
		const run = spawnSync(python, ['-c', PYTHON, file], { encoding: 'utf8' });
		if (run.status !== 0) throw new Error(`python failed: ${run.stderr}`);
		// medpair on the same integer data: every coefficient (Cohen's κ in all three weightings,
		// Scott, Fleiss, Krippendorff at four levels, Gwet) plus the rater-pair tables, at once.
		const pick = (keep: (k: number) => boolean): Codes => {
			const at = Int32Array.from({ length: codes.item.length }, (_, k) => k).filter(keep);
			return {
				item: at.map((k) => codes.item[k]),
				rater: at.map((k) => codes.rater[k]),
				category: Uint8Array.from(at, (k) => codes.category[k])
			};
		};
		const two = pick((k) => codes.rater[k] !== 2);
		const full = pick((k) => codes.item[k] < 333_333);
		const medpairTwo = time(5, () => agreementFromCodes(two, { categories: LTW }));
		const medpairThree = time(5, () => agreementFromCodes(full, { categories: LTW }));
		const twoResult = agreementFromCodes(two, { categories: LTW }).results[0];
		const threeResult = agreementFromCodes(full, { categories: LTW }).results[0];
		const py = JSON.parse(run.stdout);
		return {
			...py,
			medpair_two_raters_all_coefficients_ms: medpairTwo,
			medpair_three_raters_all_coefficients_ms: medpairThree,
			medpair_cohen_unweighted: twoResult.cohen_kappa!.unweighted!,
			medpair_fleiss_kappa: threeResult.fleiss_kappa!
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const PARTS: Record<string, () => Record<string, number>> = {
	agreement: partAgreement,
	codes: partCodes,
	parse: partParse,
	bootstrap: partBootstrap,
	tables: partTables,
	tablesParse: partTablesParse,
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
	const { agreement, codes, parse, bootstrap, tables, tablesParse, python } = results;
	const lines = [
		`node ${process.version}, ${new Date().toISOString()}`,
		'',
		`agreement, ${agreement?.ratings} ratings (3 raters, 3 categories), all coefficients + rater pairs  [target < 1500 ms, < 500 MB]:`,
		`  agreementReport(Rating objects): ${f(agreement?.report_ms)} ms (of which encoding strings ${f(agreement?.encode_ms)} ms); peak RSS ${agreement?.peak_rss_mb} MB, of which ${agreement?.input_rss_mb} MB before the call (Node + the 1M input objects)`,
		`  agreementFromCodes(typed arrays): ${f(codes?.report_ms)} ms; peak RSS ${codes?.peak_rss_mb} MB`,
		`  CLI path, parseRatings(1M-line CSV) + report: ${f(parse?.parse_and_report_ms)} ms (parse ${f(parse?.parse_ms)} ms); peak RSS ${parse?.peak_rss_mb} MB`,
		`bootstrap, 1000 resamples over 10,000 items (3 raters): ${f(bootstrap?.bootstrap_ms)} ms on top of ${f(bootstrap?.report_ms)} ms  [target < 3000 ms]`,
		`tables, ${tables?.outcomes} outcomes, 16 models × 4 dimensions, with Bradley–Terry: ${f(tables?.report_ms)} ms; peak RSS ${tables?.peak_rss_mb} MB  [target < 2000 ms]`,
		`  with bootstrap B=100: ${f(tables?.report_with_bootstrap_B100_ms)} ms; CLI path, parseOutcomes(1M-line CSV) + report: ${f(tablesParse?.parse_and_report_ms)} ms (parse ${f(tablesParse?.parse_ms)} ms); peak RSS ${tablesParse?.peak_rss_mb} MB`
	];
	if (python) {
		const sklearn = python.cohen_unweighted_ms + python.cohen_linear_ms + python.cohen_quadratic_ms;
		const statsmodels = python.aggregate_raters_ms + python.fleiss_kappa_ms;
		lines.push(
			'python (same ratings):',
			`  sklearn cohen_kappa_score, 333,334 item pairs: unweighted ${f(python.cohen_unweighted_ms)} ms, linear ${f(python.cohen_linear_ms)} ms, quadratic ${f(python.cohen_quadratic_ms)} ms; sum ${f(sklearn)} ms`,
			`  medpair agreementFromCodes, same two raters, every coefficient + pairs: ${f(python.medpair_two_raters_all_coefficients_ms)} ms → sklearn (3 κ) / medpair (all) = ${(sklearn / python.medpair_two_raters_all_coefficients_ms).toFixed(1)}×`,
			`  statsmodels aggregate_raters + fleiss_kappa, 333,333 items × 3: ${f(python.aggregate_raters_ms)} + ${f(python.fleiss_kappa_ms)} ms`,
			`  medpair agreementFromCodes, same ratings, every coefficient + pairs: ${f(python.medpair_three_raters_all_coefficients_ms)} ms → statsmodels / medpair = ${(statsmodels / python.medpair_three_raters_all_coefficients_ms).toFixed(1)}× (fleiss_kappa alone: ${(python.fleiss_kappa_ms / python.medpair_three_raters_all_coefficients_ms).toFixed(1)}×)`,
			`  same values: κ ${python.cohen_unweighted.toFixed(12)} vs ${python.medpair_cohen_unweighted.toFixed(12)}; Fleiss ${python.fleiss_kappa.toFixed(12)} vs ${python.medpair_fleiss_kappa.toFixed(12)}`
		);
	}
	console.log(lines.join('\n'));
}

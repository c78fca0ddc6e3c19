import { createRandom } from '../random.ts';
import { benjaminiHochbergAdjust } from './benjamini-hochberg-adjust.ts';
import { bradleyTerryFit } from './bradley-terry-fit.ts';
import { dimensionPoints, type DimensionPoints } from './dimension-points.ts';
import { divergenceNote } from './divergence-note.ts';
import { encodeOutcomes, type EncodedOutcomes } from './encode-outcomes.ts';
import { holmAdjust } from './holm-adjust.ts';
import { percentileInterval } from './percentile-interval.ts';
import { resampleCounts } from './resample-counts.ts';
import { tablesSignature } from './tables-signature.ts';
import type {
	BootstrapOptions,
	BradleyTerryRanking,
	Outcome,
	TablesReport,
	WinTieCell
} from './types.ts';
import { winTieFields } from './win-tie-fields.ts';

export type TablesOptions = { bootstrap?: BootstrapOptions | null };

/** Elo-style points: 1000 + 400·log10(e)·θ, so a 400-point gap means 10:1 odds. */
const elo = (logStrength: number) => 1000 + (400 / Math.LN10) * logStrength;

/**
 * Win / tie / loss cells per (model, opponent, dimension) and Bradley–Terry rankings per
 * dimension from final outcomes (ARCHITECTURE §5, issue #5), with optional percentile-bootstrap
 * intervals over prompts. One resample of prompts serves every cell and every ranking, so the
 * intervals are jointly consistent; resamples depend only on the seed and the prompt list.
 * Sign-test p-values are also given Holm- and Benjamini–Hochberg-adjusted over the family of all
 * cells of the report with at least one win or loss (the paper's Table 6 tests ~108 at once).
 */
export function tablesReport(
	outcomes: readonly Outcome[],
	options: TablesOptions = {}
): TablesReport {
	const { bootstrap } = options;
	if (bootstrap && !(Number.isInteger(bootstrap.B) && bootstrap.B >= 1)) {
		throw new RangeError('bootstrap B must be a positive integer');
	}
	const data = encodeOutcomes(outcomes);
	const nCells = data.wins.length;
	const layout = dimensionPoints(data, data.wins, data.ties, data.losses);
	const fits = layout.map((dimension) =>
		bradleyTerryFit(dimension.points, dimension.models.length)
	);

	const cells: WinTieCell[] = [];
	for (let c = 0; c < nCells; c++) {
		const decisive = data.wins[c] + data.losses[c] > 0;
		cells.push({
			model: data.models[data.cellModel[c]],
			opponent: data.models[data.cellOpponent[c]],
			dimension: data.dimensions[data.cellDimension[c]],
			...winTieFields(data.wins[c], data.ties[c], data.losses[c]),
			p_holm: null,
			p_bh: null,
			notes: decisive
				? []
				: ['win_rate_excluding_ties, sign_test_p_two_sided: every outcome is a tie']
		});
	}
	// One family for the whole report: every (model, opponent, dimension) cell with a sign test.
	const raw = cells.map((cell) => cell.sign_test_p_two_sided);
	const holm = holmAdjust(raw);
	const bh = benjaminiHochbergAdjust(raw);
	cells.forEach((cell, c) => {
		cell.p_holm = holm[c];
		cell.p_bh = bh[c];
	});
	const rankings = layout.map((dimension, d) => ranking(data, dimension, d, fits[d]));

	if (bootstrap) {
		const resamples = resampleTables(data, layout, bootstrap);
		cells.forEach((cell, c) => {
			cell.bootstrap95_win_rate = percentileInterval(resamples.winRate[c]);
			cell.bootstrap95_win_or_tie_rate = percentileInterval(resamples.winOrTieRate[c]);
			const missing = bootstrap.B - resamples.winRate[c].length;
			if (missing > 0) {
				cell.notes.push(
					`${missing} of ${bootstrap.B} bootstrap resamples drew none of this cell's prompts and are left out`
				);
			}
		});
		rankings.forEach((result, d) => {
			if (!fits[d].ok) return;
			const draws = resamples.logStrength[d];
			result.models.forEach((model, i) => {
				const interval = percentileInterval(draws[i]);
				model.bootstrap95_log_strength = interval;
				model.bootstrap95_elo = interval && [elo(interval[0]), elo(interval[1])];
			});
			const missing = bootstrap.B - (draws[0]?.length ?? 0);
			if (missing > 0) {
				result.notes.push(
					`bradley_terry: strengths not estimable in ${missing} of ${bootstrap.B} bootstrap resamples, which the intervals leave out`
				);
			}
		});
	}
	for (const result of rankings) {
		if (result.models.every((model) => model.log_strength !== null)) {
			result.models.sort((a, b) => b.log_strength! - a.log_strength!);
		}
	}
	return { signature: tablesSignature(bootstrap), cells, bradley_terry: rankings };
}

function ranking(
	data: EncodedOutcomes,
	dimension: DimensionPoints,
	d: number,
	fit: ReturnType<typeof bradleyTerryFit>
): BradleyTerryRanking {
	const names = dimension.models.map((model) => data.models[model]);
	const models = dimension.models.map((model, i) => {
		let wins = 0;
		let ties = 0;
		let losses = 0;
		for (let c = 0; c < data.wins.length; c++) {
			if (data.cellDimension[c] !== d) continue;
			if (data.cellModel[c] === model) {
				wins += data.wins[c];
				ties += data.ties[c];
				losses += data.losses[c];
			} else if (data.cellOpponent[c] === model) {
				wins += data.losses[c];
				ties += data.ties[c];
				losses += data.wins[c];
			}
		}
		const logStrength = fit.ok ? fit.logStrength[i] : null;
		return {
			model: names[i],
			log_strength: logStrength,
			elo: logStrength === null ? null : elo(logStrength),
			n: wins + ties + losses,
			wins,
			ties,
			losses
		};
	});
	const notes = fit.ok ? [] : [divergenceNote(fit.components, dimension.points, names)];
	return { dimension: data.dimensions[d], models, notes };
}

/** Runs the prompt bootstrap once, collecting per-cell rates and per-dimension strengths. */
function resampleTables(
	data: EncodedOutcomes,
	layout: DimensionPoints[],
	bootstrap: BootstrapOptions
): { winRate: number[][]; winOrTieRate: number[][]; logStrength: number[][][] } {
	const nCells = data.wins.length;
	const nPrompts = data.prompts.length;
	const random = createRandom(bootstrap.seed);
	const counts = new Int32Array(nPrompts);
	const wins = new Float64Array(nCells);
	const ties = new Float64Array(nCells);
	const losses = new Float64Array(nCells);
	const tallies = [losses, ties, wins];
	const winRate: number[][] = Array.from({ length: nCells }, () => []);
	const winOrTieRate: number[][] = Array.from({ length: nCells }, () => []);
	const logStrength = layout.map((dimension) => dimension.models.map((): number[] => []));
	const { promptStart, entryCell, entryOutcome } = data;

	for (let b = 0; b < bootstrap.B; b++) {
		resampleCounts(nPrompts, random, counts);
		wins.fill(0);
		ties.fill(0);
		losses.fill(0);
		for (let p = 0; p < nPrompts; p++) {
			const weight = counts[p];
			if (weight === 0) continue;
			for (let at = promptStart[p]; at < promptStart[p + 1]; at++) {
				tallies[entryOutcome[at]][entryCell[at]] += weight;
			}
		}
		for (let c = 0; c < nCells; c++) {
			const n = wins[c] + ties[c] + losses[c];
			if (n === 0) continue;
			winRate[c].push(wins[c] / n);
			winOrTieRate[c].push((wins[c] + ties[c]) / n);
		}
		const resampled = dimensionPoints(data, wins, ties, losses, layout);
		resampled.forEach((dimension, d) => {
			const fit = bradleyTerryFit(dimension.points, dimension.models.length);
			if (fit.ok) fit.logStrength.forEach((value, i) => logStrength[d][i].push(value));
		});
	}
	return { winRate, winOrTieRate, logStrength };
}

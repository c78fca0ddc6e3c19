/**
 * Does the automatic metric agree with the clinicians? For each dimension, the rank correlation
 * (Spearman's ρ and Kendall's τ-b) across candidate models between the human win+tie rate
 * (pooled over reference models: (W+T)/N) and the automatic usefulness figure of the same name
 * (robustness is a variance, so its sign is flipped to make "higher = better" on both sides).
 * BenchHealth §3 (usefulness figures) and §5.6 (human evaluation).
 */
import { kendallTauB } from '../metrics/kendall-tau-b.ts';
import { spearman } from '../metrics/spearman.ts';
import type { ModelUsefulness } from '../metrics/types.ts';
import type { WinTieCell } from '../stats/types.ts';

export const MIN_MODELS = 3;

export type HumanVsAutomatic = {
	dimension: string;
	models: { model: string; human: number; automatic: number }[];
	spearman: number | null;
	kendall: number | null;
	n: number;
	reason?: string;
};

const FIGURE: Record<string, keyof ModelUsefulness> = {
	faithfulness: 'faithfulness',
	comprehensiveness: 'comprehensiveness',
	generalizability: 'generalizability',
	robustness: 'robustness'
};

export function humanVsAutomatic(
	cells: readonly WinTieCell[],
	usefulness: readonly ModelUsefulness[],
	dimensions: readonly string[]
): HumanVsAutomatic[] {
	return dimensions
		.filter((dimension) => FIGURE[dimension])
		.map((dimension) => {
			const pooled = new Map<string, { wt: number; n: number }>();
			for (const cell of cells) {
				if (cell.dimension !== dimension) continue;
				const entry = pooled.get(cell.model) ?? { wt: 0, n: 0 };
				entry.wt += cell.wins + cell.ties;
				entry.n += cell.n;
				pooled.set(cell.model, entry);
			}
			const models = usefulness
				.map((u) => {
					const human = pooled.get(u.model);
					const figure = u[FIGURE[dimension]] as number | null;
					if (!human || human.n === 0 || figure === null) return null;
					return {
						model: u.model,
						human: human.wt / human.n,
						automatic: dimension === 'robustness' ? -figure : figure
					};
				})
				.filter((m): m is { model: string; human: number; automatic: number } => m !== null);
			if (models.length < MIN_MODELS)
				return {
					dimension,
					models,
					spearman: null,
					kendall: null,
					n: models.length,
					reason: `needs at least ${MIN_MODELS} models with both human and automatic results`
				};
			const x = models.map((m) => m.human);
			const y = models.map((m) => m.automatic);
			const rho = spearman(x, y);
			const tau = kendallTauB(x, y);
			return {
				dimension,
				models,
				spearman: rho.value,
				kendall: tau.value,
				n: models.length,
				reason: rho.reason ?? tau.reason
			};
		});
}

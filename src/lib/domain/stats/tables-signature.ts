import { MEDPAIR_VERSION } from '../version.ts';
import type { BootstrapOptions } from './types.ts';

/**
 * The reproducibility signature of a win / tie / loss + Bradley–Terry report, e.g.
 * `tables|wilson95|sign-test:exact-two-sided|p-adjust:holm+bh,family=all-cells-with-win-or-loss|bt:mle,ties=half|bootstrap:B=1000,seed=42,cluster=prompt,ci=percentile95|medpair:0.1.0`
 * (in the spirit of sacreBLEU's signatures: Post 2018). The family of the adjusted p-values is
 * every (model, opponent, dimension) cell of the report with at least one win or loss.
 */
export function tablesSignature(bootstrap: BootstrapOptions | null | undefined): string {
	return [
		'tables',
		'wilson95',
		'sign-test:exact-two-sided',
		'p-adjust:holm+bh,family=all-cells-with-win-or-loss',
		'bt:mle,ties=half',
		bootstrap
			? `bootstrap:B=${bootstrap.B},seed=${bootstrap.seed},cluster=prompt,ci=percentile95`
			: 'bootstrap:none',
		`medpair:${MEDPAIR_VERSION}`
	].join('|');
}

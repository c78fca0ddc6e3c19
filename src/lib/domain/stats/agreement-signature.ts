import { MEDPAIR_VERSION } from '../version.ts';
import type { BootstrapOptions } from './types.ts';

/**
 * The reproducibility signature printed with every agreement report, in the spirit of
 * sacreBLEU's (Post 2018, "A Call for Clarity in Reporting BLEU Scores"), e.g.
 * `agreement|categories:loss,tie,win|values:positions|weights:linear,quadratic(positions)|bootstrap:B=1000,seed=42,cluster=prompt,ci=percentile95|medpair:0.1.0`.
 */
export function agreementSignature(
	categories: readonly string[],
	values: readonly number[] | null | undefined,
	bootstrap: BootstrapOptions | null | undefined,
	cluster: 'item' | 'prompt'
): string {
	return [
		'agreement',
		`categories:${categories.join(',')}`,
		`values:${values ? values.join(',') : 'positions'}`,
		'weights:linear,quadratic(positions)',
		bootstrap
			? `bootstrap:B=${bootstrap.B},seed=${bootstrap.seed},cluster=${cluster},ci=percentile95`
			: 'bootstrap:none',
		`medpair:${MEDPAIR_VERSION}`
	].join('|');
}

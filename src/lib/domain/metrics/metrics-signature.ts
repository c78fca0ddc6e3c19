import { MEDPAIR_VERSION } from '../version.ts';
import type { MetricsOptions } from './types.ts';
import { usefulnessSignature } from './usefulness-signature.ts';

/**
 * The reproducibility signature printed with every metrics report, in the style of sacreBLEU's
 * (Post 2018, "A Call for Clarity in Reporting BLEU Scores"): ROUGE-L stemming, BLEU tokenisation
 * and smoothing, label matching, the robustness reading, and medpair's version.
 */
export function metricsSignature(options: MetricsOptions = {}): string {
	const stem = options.stem === false ? 0 : 1;
	return [
		`rougeL:stem=${stem},tok=rouge-score`,
		'bleu:nrefs=1,case=mixed,tok=13a,smooth=exp',
		'f1:micro,case=insensitive',
		usefulnessSignature(options),
		`version=${MEDPAIR_VERSION}`
	].join('|');
}

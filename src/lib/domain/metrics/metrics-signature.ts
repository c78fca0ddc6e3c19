import { MEDPAIR_VERSION } from '../version.ts';
import type { MetricsOptions, QaExtract } from './types.ts';
import { usefulnessSignature } from './usefulness-signature.ts';

/** `qa:extract=letter`; a regex is written URI-encoded so that `|` and `,` stay separators. */
function qaPart(extract: QaExtract = { rule: 'exact' }): string {
	const rule =
		extract.rule === 'regex'
			? `regex,pattern=${encodeURIComponent(extract.pattern)}`
			: extract.rule;
	return `qa:extract=${rule},case=insensitive`;
}

/**
 * The reproducibility signature printed with every metrics report, in the style of sacreBLEU's
 * (Post 2018, "A Call for Clarity in Reporting BLEU Scores"): ROUGE-L stemming, BLEU tokenisation
 * and smoothing, how QA answers are read, label matching, the robustness reading, and medpair's version.
 */
export function metricsSignature(options: MetricsOptions = {}): string {
	const stem = options.stem === false ? 0 : 1;
	return [
		`rougeL:stem=${stem},tok=rouge-score`,
		'bleu:nrefs=1,case=mixed,tok=13a,smooth=exp',
		qaPart(options.qaExtract),
		'f1:micro,case=insensitive',
		usefulnessSignature(options),
		`version=${MEDPAIR_VERSION}`
	].join('|');
}

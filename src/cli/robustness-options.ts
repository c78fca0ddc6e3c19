import { Option } from 'commander';
import { TASKS } from '../lib/domain/metrics/types.ts';

/** `--robustness` and `--robustness-tasks`, shared by `medpair metrics` and `medpair usefulness`. */
export function robustnessOptions(): [Option, Option] {
	return [
		new Option(
			'--robustness <spread>',
			'sum sample standard deviations (sd, what the paper prints) or sample variances'
		)
			.choices(['sd', 'variance'])
			.default('sd'),
		new Option(
			'--robustness-tasks <tasks>',
			`the tasks robustness sums over, comma-separated (of ${TASKS.join(', ')})`
		).default('qa,summarization,ner')
	];
}

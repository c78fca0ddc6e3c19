import { accuracy } from './accuracy.ts';
import { corpusBleu } from './corpus-bleu.ts';
import { meanRougeL } from './mean-rouge-l.ts';
import { microPrf } from './micro-prf.ts';
import type { MetricsOptions, Prediction, Task } from './types.ts';

type Example = Pick<Prediction, 'prediction' | 'reference'>;
type Scored = { n: number; score: number; precision: number; recall: number };

function textPairs(examples: readonly Example[], task: Task) {
	return examples.map(({ prediction, reference }) => {
		if (typeof prediction !== 'string' || typeof reference !== 'string') {
			throw new TypeError(`scoreDataset: task ${task} takes text, not label sets`);
		}
		return { prediction, reference };
	});
}

/**
 * The matching score of one model on one dataset and the precision / recall that feed
 * faithfulness / comprehensiveness, all 0–100 (ARCHITECTURE.md §6): qa → accuracy for all three;
 * summarization → mean ROUGE-L F1 / P / R; generation → corpus BLEU-4 with mean ROUGE-L P / R;
 * ner, classification, relation, treatment → micro F1 / P / R. Reference: BenchHealth §3, Table 1.
 */
export function scoreDataset(
	task: Task,
	examples: readonly Example[],
	options: MetricsOptions = {}
): Scored {
	const n = examples.length;
	if (n === 0) throw new RangeError('scoreDataset: no examples to score');
	if (task === 'qa') {
		const acc = 100 * accuracy(textPairs(examples, task), options.qaExtract);
		return { n, score: acc, precision: acc, recall: acc };
	}
	if (task === 'summarization' || task === 'generation') {
		const pairs = textPairs(examples, task);
		const rouge = meanRougeL(pairs, options);
		const score =
			task === 'summarization'
				? 100 * rouge.f1
				: corpusBleu(
						pairs.map((p) => p.prediction),
						[pairs.map((p) => p.reference)]
					).score;
		return { n, score, precision: 100 * rouge.precision, recall: 100 * rouge.recall };
	}
	const prf = microPrf(examples);
	return { n, score: 100 * prf.f1, precision: 100 * prf.precision, recall: 100 * prf.recall };
}

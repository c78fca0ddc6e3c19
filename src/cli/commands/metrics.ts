import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { formatTable } from '../../lib/domain/export/format.ts';
import { buildMetricsReport } from '../../lib/domain/metrics/build-metrics-report.ts';
import { metricsTable } from '../../lib/domain/metrics/metrics-table.ts';
import { parsePredictions } from '../../lib/domain/metrics/parse-predictions.ts';
import type { ParseError } from '../../lib/domain/metrics/types.ts';
import { CliError } from '../cli-error.ts';

const SHOWN_ERRORS = 50;

function describeErrors(file: string, errors: ParseError[]): string {
	const lines = errors.slice(0, SHOWN_ERRORS).map((e) => `  line ${e.line}: ${e.message}`);
	if (errors.length > SHOWN_ERRORS) lines.push(`  … and ${errors.length - SHOWN_ERRORS} more`);
	const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
	return `${file}: ${count}, nothing computed\n${lines.join('\n')}`;
}

export function register(program: Command): void {
	program
		.command('metrics <predictions.jsonl>')
		.description(
			'automatic metrics (accuracy, ROUGE-L, BLEU-4, micro F1) and clinical-usefulness figures per model, offline'
		)
		.option('--no-stem', 'ROUGE-L without Porter stemming')
		.option('--json', 'print {"signature", "scores", "models"}')
		.addOption(
			new Option('--format <format>', 'print the table as csv, md or latex').choices([
				'csv',
				'md',
				'latex'
			])
		)
		.action(
			async (
				file: string,
				options: { stem: boolean; json?: boolean; format?: 'csv' | 'md' | 'latex' }
			) => {
				if (options.json && options.format) {
					throw new CliError('use either --json or --format, not both');
				}
				let text: string;
				try {
					text = await readFile(file, 'utf8');
				} catch (error) {
					const reason =
						(error as NodeJS.ErrnoException).code === 'ENOENT'
							? 'no such file'
							: (error as Error).message;
					throw new CliError(`cannot read ${file}: ${reason}`);
				}
				const parsed = parsePredictions(text);
				if (!parsed.ok) throw new CliError(describeErrors(file, parsed.errors));
				const report = buildMetricsReport(parsed.value, { stem: options.stem });
				if (options.json) {
					process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
					return;
				}
				const output = formatTable(metricsTable(report), options.format ?? 'text');
				process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
			}
		);
}

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatTable } from '../../lib/domain/export/format.ts';
import { agreementReport } from '../../lib/domain/stats/agreement-report.ts';
import { agreementTables } from '../../lib/domain/stats/agreement-tables.ts';
import type { ParseError } from '../../lib/domain/stats/parse-result.ts';
import { parseRatings } from '../../lib/domain/stats/parse-ratings.ts';
import { recordFormat } from '../../lib/domain/stats/record-format.ts';
import type { AgreementReport, BootstrapOptions } from '../../lib/domain/stats/types.ts';
import { CliError } from '../cli-error.ts';
import { COMMAND_LIST } from '../command-list.ts';
import { nounFor } from '../../lib/format.ts';

type AgreementFlags = {
	categories: string;
	values?: string;
	bootstrap?: string;
	seed: string;
	json?: boolean;
};

/** Reads a file for an offline command, or explains in one line why it cannot. */
export function readInput(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const reason =
			code === 'ENOENT'
				? 'no such file'
				: code === 'EISDIR'
					? 'it is a directory'
					: (error as Error).message;
		throw new CliError(`cannot read ${file}: ${reason}`);
	}
}

/** The first parse error as one line naming file and line, plus how many more there are. */
export function inputError(file: string, errors: ParseError[], hint = ''): CliError {
	const [first] = errors;
	const more =
		errors.length > 1
			? ` (and ${errors.length - 1} more ${nounFor(errors.length - 1, 'problem')})`
			: '';
	return new CliError(`${file} line ${first.line}: ${first.message}${hint}${more}`);
}

/** `--bootstrap B --seed S` as bootstrap options, or null without --bootstrap. */
export function bootstrapFlags(flags: {
	bootstrap?: string;
	seed: string;
}): BootstrapOptions | null {
	if (!/^-?\d+$/.test(flags.seed))
		throw new CliError(`--seed must be an integer, not "${flags.seed}"`);
	if (flags.bootstrap === undefined) return null;
	const B = Number(flags.bootstrap);
	if (!/^\d+$/.test(flags.bootstrap) || B < 1 || B > 1_000_000) {
		throw new CliError(
			`--bootstrap must be a number of resamples from 1 to 1000000, not "${flags.bootstrap}"`
		);
	}
	return { B, seed: Number(flags.seed) };
}

function splitList(list: string): string[] {
	return list.split(',').map((part) => part.trim());
}

/** Runs `medpair agreement` and returns what it prints. */
export function runAgreement(file: string, flags: AgreementFlags): string {
	const categories = splitList(flags.categories);
	if (
		categories.length < 2 ||
		categories.some((c) => c === '') ||
		new Set(categories).size !== categories.length
	) {
		throw new CliError(
			`--categories needs two or more distinct labels, e.g. loss,tie,win (got "${flags.categories}")`
		);
	}
	let values: number[] | null = null;
	if (flags.values !== undefined) {
		values = splitList(flags.values).map(Number);
		if (
			values.length !== categories.length ||
			values.some((v, i) => !Number.isFinite(v) || splitList(flags.values!)[i] === '')
		) {
			throw new CliError(
				`--values needs one number per category (${categories.join(', ')}), got "${flags.values}"`
			);
		}
	}
	const bootstrap = bootstrapFlags(flags);
	const text = readInput(file);
	const parsed = parseRatings(text, { format: recordFormat(file, text), categories });
	if (!parsed.ok) {
		const hint = parsed.errors[0].message.startsWith('unknown label')
			? '; give the labels with --categories'
			: '';
		throw inputError(file, parsed.errors, hint);
	}
	const report = agreementReport(parsed.value, { categories, values, bootstrap });
	return flags.json ? `${JSON.stringify(report, null, 2)}\n` : readable(report);
}

function readable(report: AgreementReport): string {
	const parts = report.results.map((result) => {
		const tables = agreementTables(result).map((table) => formatTable(table, 'text'));
		const notes = result.notes.map((note) => `note: ${note}`);
		return [...tables, ...(notes.length > 0 ? [notes.join('\n') + '\n'] : [])].join('\n');
	});
	return `${parts.join('\n')}\nsignature: ${report.signature}\n`;
}

export function register(program: Command): void {
	program
		.command(COMMAND_LIST.agreement.usage)
		.description(COMMAND_LIST.agreement.description)
		.option('--categories <labels>', 'the labels in order, comma-separated', 'loss,tie,win')
		.option('--values <numbers>', 'numeric values of the categories, for interval and ratio α')
		.option(
			'--bootstrap <B>',
			'percentile-bootstrap 95% intervals from B resamples of prompts (or items)'
		)
		.option('--seed <S>', 'seed of the bootstrap resamples', '42')
		.option('--json', 'print {"signature", "results": [...]}')
		.action((file: string, flags: AgreementFlags) => {
			process.stdout.write(runAgreement(file, flags));
		});
}

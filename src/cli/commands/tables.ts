import { Option, type Command } from 'commander';
import { formatTable } from '../../lib/domain/export/format.ts';
import { bradleyTerryExportTable } from '../../lib/domain/stats/bradley-terry-export-table.ts';
import { parseOutcomes } from '../../lib/domain/stats/parse-outcomes.ts';
import { recordFormat } from '../../lib/domain/stats/record-format.ts';
import { tablesReport } from '../../lib/domain/stats/tables-report.ts';
import { winTieLongTable } from '../../lib/domain/export/win-tie-long.ts';
import { winTieExportTable } from '../../lib/domain/stats/win-tie-export-table.ts';
import { lengthBias } from '../../lib/domain/bias/length-bias.ts';
import {
	lengthBiasTable,
	styleCoefficientsTable,
	styleControlTable
} from '../../lib/domain/bias/bias-tables.ts';
import { parseStyleColumns } from '../../lib/domain/bias/parse-style-columns.ts';
import { styleControlledBradleyTerry } from '../../lib/domain/bias/style-controlled-bt.ts';
import type { BootstrapOptions, Outcome } from '../../lib/domain/stats/types.ts';
import { CliError } from '../cli-error.ts';
import { bootstrapFlags, inputError, readInput } from './agreement.ts';
import { COMMAND_LIST } from '../command-list.ts';

type TablesFlags = {
	styleControl?: boolean;
	bootstrap?: string;
	seed: string;
	json?: boolean;
	format?: 'csv' | 'md' | 'latex';
};

/** Runs `medpair tables`; returns what goes to stdout and the notes meant for stderr (CSV). */
export function runTables(file: string, flags: TablesFlags): { stdout: string; stderr: string } {
	if (flags.json && flags.format) throw new CliError('use either --json or --format, not both');
	const bootstrap = bootstrapFlags(flags);
	const text = readInput(file);
	const parsed = parseOutcomes(text, { format: recordFormat(file, text) });
	if (!parsed.ok) throw inputError(file, parsed.errors);
	const report = tablesReport(parsed.value, { bootstrap });
	const styled = flags.styleControl ? styleChecks(file, text, parsed.value, bootstrap) : null;
	if (flags.json) {
		const value = styled
			? { ...report, length_bias: styled.length, style_control: styled.style }
			: report;
		return { stdout: `${JSON.stringify(value, null, 2)}\n`, stderr: '' };
	}

	const format = flags.format ?? 'text';
	const notes = [
		...report.cells.flatMap((cell) =>
			cell.notes.map(
				(note) => `${cell.model} vs ${cell.opponent} (${cell.dimension ?? 'all'}): ${note}`
			)
		),
		...report.bradley_terry.flatMap((ranking) =>
			ranking.notes.map((note) => (ranking.dimension ? `${ranking.dimension}: ${note}` : note))
		),
		...(styled?.style.rankings ?? []).flatMap((ranking) =>
			ranking.notes.map((note) => `${ranking.dimension ?? 'all'} (style control): ${note}`)
		),
		...(styled?.length ?? []).flatMap((row) => row.notes.map((note) => `length bias: ${note}`))
	];
	const tables = [winTieExportTable(report), bradleyTerryExportTable(report)];
	if (styled) {
		tables.push(
			lengthBiasTable(styled.length),
			styleControlTable(styled.style, report.bradley_terry),
			styleCoefficientsTable(styled.style)
		);
	}
	if (format === 'csv' && styled) {
		// With --style-control the CSV is the plain and style-controlled ranking side by side.
		return {
			stdout: formatTable(styleControlTable(styled.style, report.bradley_terry), 'csv'),
			stderr: notes.map((note) => `note: ${note}\n`).join('')
		};
	}
	if (format === 'csv') {
		// One CSV table, in the same long form as `medpair study export --table wintie` (the
		// contract's columns at full precision); rankings need --json, --format md|latex or text.
		return {
			stdout: formatTable(winTieLongTable(report.cells), 'csv'),
			stderr: notes.map((note) => `note: ${note}\n`).join('')
		};
	}
	const noteLines = notes.map((note) =>
		format === 'latex' ? `% note: ${note}` : format === 'md' ? `Note: ${note}` : `note: ${note}`
	);
	const body = tables.map((table) => formatTable(table, format)).join('\n');
	return { stdout: noteLines.length > 0 ? `${body}\n${noteLines.join('\n')}\n` : body, stderr: '' };
}

/** Length bias over the file's outcomes and the style-controlled ranking (`--style-control`). */
function styleChecks(
	file: string,
	text: string,
	outcomes: Outcome[],
	bootstrap: BootstrapOptions | null
) {
	const columns = parseStyleColumns(text, { format: recordFormat(file, text) });
	if (!columns.ok) throw inputError(file, columns.errors);
	const rows = outcomes.map((outcome, i) => ({ ...outcome, ...columns.value[i] }));
	const length = [
		lengthBias(
			'all outcomes',
			rows.map((r) => ({
				outcome: r.outcome,
				modelLength: r.modelStyle.length,
				opponentLength: r.opponentStyle.length
			}))
		)
	];
	return { length, style: styleControlledBradleyTerry(rows, { bootstrap }) };
}

export function register(program: Command): void {
	program
		.command(COMMAND_LIST.tables.usage)
		.description(COMMAND_LIST.tables.description)
		.option('--bootstrap <B>', 'percentile-bootstrap 95% intervals from B resamples of prompts')
		.option('--seed <S>', 'seed of the bootstrap resamples', '42')
		.option(
			'--style-control',
			'also the length bias and the style-controlled Bradley–Terry ranking (needs model_length, opponent_length; optional model_/opponent_ headers, lists, bold)'
		)
		.option(
			'--json',
			'print {"signature", "cells": [...], "bradley_terry": [...]} (with --style-control also "length_bias", "style_control")'
		)
		.addOption(
			new Option('--format <format>', 'print the tables as csv, md or latex').choices([
				'csv',
				'md',
				'latex'
			])
		)
		.action((file: string, flags: TablesFlags) => {
			const { stdout, stderr } = runTables(file, flags);
			process.stdout.write(stdout);
			if (stderr) process.stderr.write(stderr);
		});
}

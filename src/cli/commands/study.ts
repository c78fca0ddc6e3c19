import { memberProblems } from '../../lib/domain/study-file/index.ts';
import { PAPER_N_MODES, type PaperNMode } from '../../lib/domain/export/paper-win-tie-table.ts';
import { Command, Option } from 'commander';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { existsSync, statSync } from 'node:fs';
import {
	formatProblem,
	parseStudyFile,
	type ParseOptions
} from '../../lib/domain/study-file/index.ts';
import * as assignments from '../../lib/server/services/assignments.ts';
import {
	EXPORT_FORMATS,
	EXPORT_LAYOUTS,
	EXPORT_TABLES,
	exportStudy,
	type ExportFormat,
	type ExportLayout,
	type ExportTable
} from '../../lib/server/services/exports.ts';
import * as studies from '../../lib/server/services/studies.ts';
import { CliError } from '../cli-error.ts';
import { withDatabase } from '../database.ts';
import { FileRefusal, readRegularFile, sideFileLoader } from '../study-files.ts';
import { COMMAND_LIST } from '../command-list.ts';
import { notImported, parseStudyId } from '../jsonl-import.ts';
import { registerLifecycle } from './study-lifecycle.ts';

function readStudy(file: string, checkMembers: ParseOptions['checkMembers']) {
	if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
	let bytes: Uint8Array;
	try {
		bytes = readRegularFile(file);
	} catch (error) {
		if (!(error instanceof FileRefusal)) throw error;
		throw new CliError(
			statSync(file).isFile()
				? `${file} is larger than 50 MB; give prompts and responses as JSONL or CSV files next to it`
				: `${error.message}; give the path of a study file (.json)`
		);
	}
	return parseStudyFile(bytes, { loadSideFile: sideFileLoader(file), checkMembers });
}

/**
 * Writes the chunks as fast as `out` takes them: waits for 'drain' whenever write() says its
 * buffer is full, so a slow reader never makes the export pile up in memory. A reader that goes
 * away (EPIPE, e.g. `| head`) ends the export quietly.
 */
export async function writeChunks(chunks: AsyncIterable<string>, out: Writable): Promise<void> {
	let failure: NodeJS.ErrnoException | null = null;
	const onError = (error: NodeJS.ErrnoException) => (failure ??= error);
	out.on('error', onError);
	try {
		for await (const chunk of chunks) {
			if (failure) break;
			if (!out.write(chunk)) await once(out, 'drain');
		}
	} catch (error) {
		failure ??= error as NodeJS.ErrnoException;
	} finally {
		out.off('error', onError);
	}
	const failed = failure as NodeJS.ErrnoException | null;
	if (failed && failed.code !== 'EPIPE') throw failed;
}

type ExportFlags = {
	table: ExportTable;
	format: ExportFormat;
	layout?: ExportLayout;
	names?: boolean;
	n?: PaperNMode;
	boldMinN?: number;
};

function minimumN(value: string): number {
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1)
		throw new CliError(`--bold-min-n must be a whole number ≥ 1, not "${value}"`);
	return n;
}

export function register(program: Command): void {
	const study = program
		.command(COMMAND_LIST.study.usage)
		.description(COMMAND_LIST.study.description);
	study
		.command('import <study.json>')
		.description(
			'validate a study file and import it (hidden until complete; a failure leaves nothing)'
		)
		.option('--json', 'print {"id": ..., "warnings": [...]}')
		.action(async (file: string, options: { json?: boolean }) => {
			const result = await withDatabase(async (db) => {
				const known = new Map(await studies.accountsForMemberCheck(db));
				const parsed = readStudy(file, (members) => memberProblems(members, known));
				if (!parsed.ok) throw notImported(file, parsed.problems.map(formatProblem));
				// In slices, like the web form: a running server sharing the file keeps writing.
				const imported = await studies.importStudyInSlices(db, parsed.value, null);
				if (!imported.ok) throw notImported(file, imported.problems.map(formatProblem));
				return { ...imported, name: parsed.value.name };
			});
			// Warnings go to stderr either way, so a script reading stdout still gets clean output.
			for (const warning of result.warnings) console.error(`medpair: warning: ${warning}`);
			if (options.json) console.log(JSON.stringify({ id: result.id, warnings: result.warnings }));
			else
				console.log(
					`Imported "${result.name}" as study ${result.id}: ${result.counts.prompts} prompts, ${result.counts.responses} responses, ${result.counts.pairs} pairs.`
				);
		});

	study
		.command('assign <study-id>')
		.description('(re)assign the pairs of a study that has no ratings yet, from its seed')
		.option('--json', 'print {"assignments": N}')
		.action(async (id: string, options: { json?: boolean }) => {
			const studyId = Number(id);
			if (!Number.isInteger(studyId) || studyId <= 0)
				throw new CliError(`"${id}" is not a study id`);
			const result = await withDatabase(async (db) => await assignments.assign(db, studyId, null));
			if (!result.ok) throw new CliError(result.message);
			console.log(
				options.json
					? JSON.stringify({ assignments: result.assignments })
					: `Assigned ${result.assignments} pairs to raters.`
			);
		});

	study
		.command('export <study-id>')
		.description(
			'write one table of a study to stdout (CSV by default), with its reproducibility signature'
		)
		.addOption(
			new Option('--table <table>', 'which table').choices(EXPORT_TABLES).makeOptionMandatory()
		)
		.addOption(
			new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('csv')
		)
		.addOption(
			new Option(
				'--layout <layout>',
				"wintie: the paper's Table 6 layout (default for md, latex) or one row per cell (default for csv, json); metrics: paper gives the scores as the paper's Table 5"
			).choices(EXPORT_LAYOUTS)
		)
		.addOption(
			new Option(
				'--n <mode>',
				"wintie, paper layout: each cell's n (final labels) as a sub-column or a superscript"
			).choices(PAPER_N_MODES)
		)
		.option(
			'--bold-min-n <n>',
			'wintie, paper layout: bold the best of a column only among cells with at least n final labels (stated in the caption)',
			minimumN
		)
		.option('--names', 'judgments: usernames instead of pseudonyms (J1, S1)')
		.action(async (id: string, flags: ExportFlags) => {
			const studyId = parseStudyId(id);
			await withDatabase(async (db) => {
				const result = await exportStudy(db, studyId, flags.table, flags.format, {
					names: flags.names,
					layout: flags.layout,
					n: flags.n,
					boldMinN: flags.boldMinN
				});
				if (!result.ok) throw new CliError(result.message);
				await writeChunks(result.value.chunks, process.stdout);
			});
		});
	registerLifecycle(study);
}

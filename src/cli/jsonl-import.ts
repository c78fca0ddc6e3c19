/**
 * The shared shell of the commands that store a JSONL file with a study (`judge import`,
 * `predictions import`): the study id, the file (a regular file of at most 50 MB, as study
 * files), an open and unarchived study, then one service call; a refused file lists every
 * problem with its line, and nothing is written.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { countOf } from '../lib/format.ts';
import type { Db } from '../lib/server/db/index.ts';
import * as studies from '../lib/server/services/studies.ts';
import { CliError } from './cli-error.ts';
import { withDatabase } from './database.ts';
import { FileRefusal, readRegularFile } from './study-files.ts';

type Imported<T> = ({ ok: true } & T) | { ok: false; errors: { line: number; message: string }[] };

export function parseStudyId(id: string): number {
	const studyId = Number(id);
	if (!Number.isInteger(studyId) || studyId <= 0) throw new CliError(`"${id}" is not a study id`);
	return studyId;
}

/** "<file> was not imported; nothing was changed. 2 problems:" and one indented line each. */
export function notImported(file: string, problems: string[]): CliError {
	const list = problems.map((p) => `  ${p}`).join('\n');
	return new CliError(
		`${file} was not imported; nothing was changed. ${countOf(problems.length, 'problem')}:\n${list}`
	);
}

function readText(file: string): string {
	if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
	try {
		return new TextDecoder().decode(readRegularFile(file));
	} catch (error) {
		if (error instanceof FileRefusal) throw new CliError(error.message);
		throw error;
	}
}

/** Reads `file`, checks the study, and stores the file with `store` (given the file's base name). */
export async function importJsonl<T>(
	id: string,
	file: string,
	store: (db: Db, studyId: number, name: string, text: string) => Promise<Imported<T>>
): Promise<T & { studyId: number }> {
	const studyId = parseStudyId(id);
	const text = readText(file);
	const result = await withDatabase(async (db) => {
		const study = await studies.get(db, studyId);
		if (!study) throw new CliError(`there is no study ${studyId}`);
		if (study.archivedAt !== null) throw new CliError(studies.ARCHIVED_MESSAGE);
		return await store(db, studyId, basename(file), text);
	});
	if (!result.ok)
		throw notImported(
			file,
			result.errors.map((e) => `line ${e.line}: ${e.message}`)
		);
	return { ...result, studyId };
}

/**
 * Reading a study file and its side files from disk for `medpair study import`. A side file must
 * be a regular file inside the study file's folder once symbolic links are resolved, and at most
 * 50 MB: a study file must not make medpair read (and show raters) files from elsewhere, and a
 * FIFO or a device such as /dev/zero would block or never end. Each file is checked with stat()
 * before it is opened, and opened with O_NONBLOCK | O_NOFOLLOW and checked again (fstat), so a
 * file swapped in between is refused as well.
 */
import {
	closeSync,
	constants,
	fstatSync,
	openSync,
	readFileSync,
	realpathSync,
	statSync
} from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { MAX_STUDY_FILE_BYTES, type SideFileContent } from '../lib/domain/study-file/index.ts';

const MB = MAX_STUDY_FILE_BYTES / 1024 / 1024;

export class FileRefusal extends Error {}

function kind(stats: Stats): string {
	if (stats.isDirectory()) return 'a folder';
	if (stats.isFIFO()) return 'a named pipe (FIFO)';
	if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
	if (stats.isSocket()) return 'a socket';
	return 'not a regular file';
}

/** The bytes of a regular file of at most 50 MB, or a FileRefusal saying why not. */
export function readRegularFile(path: string, shownAs = path): Uint8Array {
	const before = statSync(path);
	if (!before.isFile())
		throw new FileRefusal(`"${shownAs}" is ${kind(before)}, not a regular file`);
	if (before.size > MAX_STUDY_FILE_BYTES)
		throw new FileRefusal(`"${shownAs}" is larger than ${MB} MB`);
	const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
	try {
		const stats = fstatSync(fd);
		if (!stats.isFile())
			throw new FileRefusal(`"${shownAs}" is ${kind(stats)}, not a regular file`);
		if (stats.size > MAX_STUDY_FILE_BYTES)
			throw new FileRefusal(`"${shownAs}" is larger than ${MB} MB`);
		return readFileSync(fd);
	} finally {
		closeSync(fd);
	}
}

const inside = (folder: string, path: string) => {
	const rel = relative(folder, path);
	return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
};

/**
 * A loader for parseStudyFile: side files relative to `studyFile`'s folder only. Returns null
 * when the file does not exist, { error } when it is refused, else its bytes.
 */
export function sideFileLoader(studyFile: string): (path: string) => SideFileContent {
	const folder = realpathSync(dirname(resolve(studyFile)));
	const where = `the study file's folder (${folder})`;
	return (path) => {
		if (isAbsolute(path))
			return { error: `"${path}" is an absolute path; side files must be inside ${where}` };
		const full = resolve(folder, path);
		if (!inside(folder, full)) return { error: `"${path}" is outside ${where}` };
		let real: string;
		try {
			real = realpathSync(full);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
			return { error: `"${path}" cannot be read: ${(error as Error).message}` };
		}
		if (!inside(folder, real)) return { error: `"${path}" is a link to ${real}, outside ${where}` };
		try {
			return readRegularFile(real, path);
		} catch (error) {
			if (error instanceof FileRefusal) return { error: error.message };
			return { error: `"${path}" cannot be read: ${(error as Error).message}` };
		}
	};
}

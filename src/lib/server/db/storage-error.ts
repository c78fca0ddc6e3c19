/**
 * Failures of the storage under the database (read-only file or folder, full disk, I/O error),
 * told apart from bugs so that people get a message that says what to do.
 */

/** SQLite result codes (better-sqlite3's `code`, extended codes included) and Node errno codes. */
const STORAGE_CODE =
	/^(SQLITE_(FULL|READONLY|IOERR|CANTOPEN|PERM)|ENOSPC|EROFS|EACCES|EPERM|EIO|EDQUOT)/;

function codeOf(error: unknown): string {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' ? code : '';
}

/** True for an error caused by the disk or file system rather than by medpair. */
export function isStorageFailure(error: unknown): boolean {
	for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++)
		if (STORAGE_CODE.test(codeOf(e))) return true;
	return false;
}

/** What users see when a request could not be saved for that reason (HTTP 503). */
export const COULD_NOT_SAVE = 'Could not save — nothing was recorded. Please try again.';

/** The database could not be opened at start-up; the message is one line saying what to do. */
export class DatabaseOpenError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'DatabaseOpenError';
	}
}

/** One line for a failure to create, open or migrate the database at `file`, or null if it is a bug. */
export function describeOpenFailure(file: string, folder: string, error: unknown): string | null {
	const code = codeOf(error);
	const fix = 'Set DATABASE_PATH to a file in a writable folder, or fix the permissions.';
	if (
		/^(EACCES|EPERM|EROFS|ENOTDIR|EEXIST|ENOENT)$/.test(code) &&
		(error as { syscall?: string }).syscall === 'mkdir'
	)
		return `cannot create the database folder ${folder} (${code}${code === 'EEXIST' || code === 'ENOTDIR' ? ': a file is in the way' : ''}). ${fix}`;
	if (code.startsWith('SQLITE_CANTOPEN') || /^(EACCES|EPERM|EROFS|ENOTDIR)$/.test(code))
		return `cannot create or open the database ${file} (${code}): its folder is read-only or the path is not a file. ${fix}`;
	if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM')
		return `the database ${file} is read-only (${code}). medpair writes to it and, next to it, to its -wal and -shm files. ${fix}`;
	if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT')
		return `the disk holding the database ${file} is full (${code}). Free some space, then start again.`;
	if (code.startsWith('SQLITE_IOERR') || code === 'EIO')
		return `the database ${file} could not be read or written (${code}): check the disk. Restore a backup if it keeps failing.`;
	if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
		return `${file} is not a medpair database or is damaged (${code}). Check DATABASE_PATH, or restore a backup.`;
	return null;
}

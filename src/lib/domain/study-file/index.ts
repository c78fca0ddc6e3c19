export {
	parseStudyFile,
	type ParseOptions,
	type SideFileContent,
	type SideFileLoader
} from './parse.ts';
export { memberProblems, type Account } from './member-problems.ts';
export { formatProblem, type Problem, type Result } from './problem.ts';
export { DEFAULT_DIMENSIONS, type StudyFile, type StudyFileInput } from './schema.ts';

/** Study files larger than this are refused before parsing (HTTP 413 in the browser). */
export const MAX_STUDY_FILE_BYTES = 50 * 1024 * 1024;

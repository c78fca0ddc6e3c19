import type { AssignmentError, JuniorId } from './types.ts';
import { countOf } from '../../format.ts';

/** The first problem with the juniors list, or null: it must be non-empty and without duplicates. */
export function checkJuniors(juniors: readonly JuniorId[]): AssignmentError | null {
	if (juniors.length === 0) {
		return {
			code: 'juniors',
			message: 'The study lists no juniors; add at least one to assign pairs.'
		};
	}
	const seen = new Set<JuniorId>();
	for (const junior of juniors) {
		if (seen.has(junior)) {
			return {
				code: 'juniors',
				message: `Junior "${junior}" is listed twice; list each junior once.`
			};
		}
		seen.add(junior);
	}
	return null;
}

/** The problem with `ratersPerPair`, or null: an integer from 1 to the number of juniors. */
export function checkRatersPerPair(
	ratersPerPair: number,
	juniorCount: number
): AssignmentError | null {
	if (!Number.isInteger(ratersPerPair) || ratersPerPair < 1) {
		return {
			code: 'raters-per-pair',
			message: `raters_per_pair must be a whole number of at least 1 (got ${ratersPerPair}).`
		};
	}
	if (ratersPerPair > juniorCount) {
		return {
			code: 'raters-per-pair',
			message: `raters_per_pair is ${ratersPerPair} but the study has only ${countOf(juniorCount, 'junior')}; add juniors or lower raters_per_pair.`
		};
	}
	return null;
}

/** The problem with `repeatRate`, or null: a number from 0 to 1. */
export function checkRepeatRate(repeatRate: number): AssignmentError | null {
	if (Number.isFinite(repeatRate) && repeatRate >= 0 && repeatRate <= 1) return null;
	return {
		code: 'repeat-rate',
		message: `repeat_rate must be a number from 0 to 1 (got ${repeatRate}).`
	};
}

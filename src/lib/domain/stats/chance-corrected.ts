import type { Estimate } from './types.ts';

/** Tolerance below which 1 − p_e counts as zero (κ-type coefficients are then undefined). */
const EPSILON = 1e-12;

/**
 * The chance-corrected form (p_o − p_e)/(1 − p_e) shared by κ, π and AC1/AC2, with the
 * undefined case 1 − p_e = 0 reported instead of dividing by zero. Cohen (1960), eq. 1.
 */
export function chanceCorrected(observed: number, expected: number, why: string): Estimate {
	if (1 - expected <= EPSILON) {
		return { value: null, observed, expected, reason: `chance agreement is 1 (${why})` };
	}
	return { value: (observed - expected) / (1 - expected), observed, expected };
}

/** A number rounded to `digits` decimals for display (null stays null); JSON keeps full precision. */
export function roundTo(value: number | null | undefined, digits: number): number | null {
	if (value === null || value === undefined) return null;
	const factor = 10 ** digits;
	const rounded = Math.round(value * factor) / factor;
	return Object.is(rounded, -0) ? 0 : rounded;
}

import type { BootstrapOptions } from './types.ts';

/** Throws RangeError unless the categories, values and bootstrap options make sense together. */
export function checkAgreementOptions(options: {
	categories: readonly string[];
	values?: readonly number[] | null;
	bootstrap?: BootstrapOptions | null;
}): void {
	const { categories, values, bootstrap } = options;
	if (categories.length < 2 || new Set(categories).size !== categories.length) {
		throw new RangeError('categories must list at least two distinct labels');
	}
	if (categories.length > 65535) throw new RangeError('at most 65535 categories');
	if (values && (values.length !== categories.length || !values.every(Number.isFinite))) {
		throw new RangeError('values must give one finite number per category');
	}
	if (bootstrap && !(Number.isInteger(bootstrap.B) && bootstrap.B >= 1)) {
		throw new RangeError('bootstrap B must be a positive integer');
	}
}

import { agreementForDimension } from './agreement-for-dimension.ts';
import { checkAgreementOptions } from './check-agreement-options.ts';
import { agreementSignature } from './agreement-signature.ts';
import { encodeCodes, type RatingCodes } from './encode-codes.ts';
import type { AgreementReport, BootstrapOptions } from './types.ts';

export type AgreementCodesOptions = {
	/** Ordered category labels; `codes.category` holds positions in this list. */
	categories: readonly string[];
	values?: readonly number[] | null;
	bootstrap?: BootstrapOptions | null;
	/** Names of the raters by id, for the pairwise table (default: the id). */
	raterNames?: readonly string[];
	dimension?: string | null;
};

/**
 * The agreement report of one dimension from integer-coded ratings (database ids, typed
 * arrays): the same numbers as `agreementReport`, without building or hashing strings.
 * Definitions: ARCHITECTURE §5.
 */
export function agreementFromCodes(
	codes: RatingCodes,
	options: AgreementCodesOptions
): AgreementReport {
	const { categories, values, bootstrap } = options;
	checkAgreementOptions(options);
	const encoded = encodeCodes(codes, categories.length, options.raterNames);
	const result = agreementForDimension(encoded, options.dimension ?? null, { values, bootstrap });
	return {
		signature: agreementSignature(
			categories,
			values,
			bootstrap,
			encoded.clustered ? 'prompt' : 'item'
		),
		results: [result]
	};
}

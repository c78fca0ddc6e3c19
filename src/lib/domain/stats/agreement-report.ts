import { agreementForDimension } from './agreement-for-dimension.ts';
import { checkAgreementOptions } from './check-agreement-options.ts';
import { agreementSignature } from './agreement-signature.ts';
import { encodeRatings } from './encode-ratings.ts';
import type { AgreementReport, BootstrapOptions, Rating } from './types.ts';

export type AgreementOptions = {
	/** Ordered category labels (ARCHITECTURE §5: `loss, tie, win`); unused ones still count. */
	categories: readonly string[];
	/** Numeric values of the categories for interval and ratio α; default positions 0..q−1. */
	values?: readonly number[] | null;
	/** Percentile-bootstrap intervals over clusters, B resamples, seeded. */
	bootstrap?: BootstrapOptions | null;
	/** The cluster of an item (e.g. its prompt); default each rating's `prompt`, else the item. */
	clusterOf?: (item: string) => string;
};

/**
 * Inter-rater agreement of long-format ratings, one result per dimension (in order of first
 * appearance; `null` when ratings carry no dimension). Definitions: ARCHITECTURE §5.
 * Throws RangeError on invalid options or ratings (unknown label, duplicate item–rater pair).
 */
export function agreementReport(
	ratings: readonly Rating[],
	options: AgreementOptions
): AgreementReport {
	const { categories, values, bootstrap } = options;
	checkAgreementOptions(options);

	const groups = new Map<string | null, Rating[]>();
	for (const rating of ratings) {
		const key = rating.dimension ?? null;
		let group = groups.get(key);
		if (group === undefined) groups.set(key, (group = []));
		group.push(rating);
	}
	let clustered = false;
	const results = [...groups].map(([dimension, group]) => {
		const encoded = encodeRatings(group, categories, options.clusterOf);
		clustered ||= encoded.clustered;
		return agreementForDimension(encoded, dimension, { values, bootstrap });
	});
	return {
		signature: agreementSignature(categories, values, bootstrap, clustered ? 'prompt' : 'item'),
		results
	};
}

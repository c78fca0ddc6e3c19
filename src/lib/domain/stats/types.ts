/**
 * Types of the statistics engine. Field names in snake_case are the JSON contract of
 * `medpair agreement --json` and `medpair tables --json` (ARCHITECTURE §5, §7; issue #5).
 */

/** One rater's label on one item, in long format (`item, rater, label[, dimension][, prompt]`). */
export type Rating = {
	item: string;
	rater: string;
	label: string;
	dimension?: string | null;
	/** The cluster the item belongs to (e.g. the prompt of a pair); bootstrap resamples these. */
	prompt?: string | null;
};

export type OutcomeLabel = 'win' | 'tie' | 'loss';

/** A final label on one pair and dimension, from `model`'s side. */
export type Outcome = {
	prompt: string;
	model: string;
	opponent: string;
	dimension?: string | null;
	outcome: OutcomeLabel;
};

/** A closed interval `[lo, hi]`. */
export type Interval = [number, number];

export type BootstrapOptions = {
	/** Number of resamples (default 1000 in the CLI). */
	B: number;
	seed: number | string;
};

/**
 * A chance-corrected coefficient with its ingredients: `observed` and `expected` are the
 * observed and chance agreement (for Krippendorff's α: observed and expected disagreement).
 * `value` is null exactly when the coefficient is undefined, and `reason` then says why.
 */
export type Estimate = {
	value: number | null;
	observed: number | null;
	expected: number | null;
	reason?: string;
};

export type WeightedKappa<T = number | null> = { unweighted: T; linear: T; quadratic: T };

export type AlphaByLevel<T = number | null> = {
	nominal: T;
	ordinal: T;
	interval: T;
	ratio: T;
};

export type PairwiseAgreement = {
	rater_a: string;
	rater_b: string;
	n_common: number;
	percent_agreement: number;
	cohen_kappa: WeightedKappa;
	scott_pi: number | null;
	notes: string[];
};

export type Components = { observed: number | null; expected: number | null };

export type AgreementBootstrap = {
	B: number;
	seed: number | string;
	cluster: 'item' | 'prompt';
	n_clusters: number;
	/** Percentile 95 % intervals; null when every resample left the coefficient undefined. */
	ci95: {
		percent_agreement: Interval | null;
		cohen_kappa: WeightedKappa<Interval | null> | null;
		scott_pi: Interval | null;
		fleiss_kappa: Interval | null;
		fleiss_kappa_generalized: Interval | null;
		krippendorff_alpha: AlphaByLevel<Interval | null>;
		gwet_ac1: Interval | null;
		gwet_ac2: { linear: Interval | null; quadratic: Interval | null };
	};
};

/** Agreement of one dimension (or of the whole file when it has no dimension column). */
export type AgreementResult = {
	dimension: string | null;
	n_items: number;
	n_raters: number;
	n_ratings: number;
	n_items_pairable: number;
	percent_agreement: number | null;
	cohen_kappa: WeightedKappa | null;
	scott_pi: number | null;
	fleiss_kappa: number | null;
	fleiss_kappa_generalized: number | null;
	krippendorff_alpha: AlphaByLevel;
	gwet_ac1: number | null;
	gwet_ac2: { linear: number | null; quadratic: number | null };
	pairwise: PairwiseAgreement[];
	/** Observed and chance agreement (α: observed and expected disagreement) per coefficient. */
	components: {
		cohen_kappa: WeightedKappa<Components> | null;
		scott_pi: Components | null;
		fleiss_kappa: Components;
		fleiss_kappa_generalized: Components;
		krippendorff_alpha: AlphaByLevel<Components>;
		gwet_ac1: Components;
		gwet_ac2: { linear: Components; quadratic: Components };
	};
	bootstrap: AgreementBootstrap | null;
	notes: string[];
};

export type AgreementReport = { signature: string; results: AgreementResult[] };

export type WinTieFields = {
	n: number;
	wins: number;
	ties: number;
	losses: number;
	win_rate: number;
	tie_rate: number;
	loss_rate: number;
	win_or_tie_rate: number;
	win_rate_ties_half: number;
	win_rate_excluding_ties: number | null;
	wilson95_win_rate: Interval;
	wilson95_win_or_tie_rate: Interval;
	sign_test_p_two_sided: number | null;
};

export type WinTieCell = {
	model: string;
	opponent: string;
	dimension: string | null;
} & WinTieFields & {
		/**
		 * The sign-test p adjusted over the report's family (every cell with a win or a loss):
		 * Holm (family-wise error) and Benjamini–Hochberg (false discovery rate); null with no test.
		 */
		p_holm: number | null;
		p_bh: number | null;
		bootstrap95_win_rate?: Interval | null;
		bootstrap95_win_or_tie_rate?: Interval | null;
		/**
		 * In a study (not the offline `medpair tables`): pairs of this cell waiting for a senior,
		 * and labels the escalation rule left unresolved, both left out of the counts above.
		 */
		pending_excluded?: number;
		unresolved_excluded?: number;
		notes: string[];
	};

export type BradleyTerryModel = {
	model: string;
	log_strength: number | null;
	elo: number | null;
	n: number;
	wins: number;
	ties: number;
	losses: number;
	bootstrap95_log_strength?: Interval | null;
	bootstrap95_elo?: Interval | null;
};

export type BradleyTerryRanking = {
	dimension: string | null;
	models: BradleyTerryModel[];
	notes: string[];
};

export type TablesReport = {
	signature: string;
	cells: WinTieCell[];
	bradley_terry: BradleyTerryRanking[];
};

/**
 * A plain-language reading of a chance-corrected agreement coefficient (κ, α, AC1), on the
 * usual scale of Landis & Koch (1977, Biometrics 33:159–174). A convention, not a verdict:
 * the scale is arbitrary and depends on prevalence and the number of categories.
 */
export function agreementReading(value: number | null): string {
	if (value === null) return 'undefined';
	if (value < 0) return 'worse than chance';
	if (value <= 0.2) return 'slight';
	if (value <= 0.4) return 'fair';
	if (value <= 0.6) return 'moderate';
	if (value <= 0.8) return 'substantial';
	return 'almost perfect';
}

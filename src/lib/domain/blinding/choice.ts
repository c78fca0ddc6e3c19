/**
 * What a rater sees ("A better", "Tie", "B better" for the positions shown) and what is stored
 * (the canonical outcome from the pair's `model` side), ARCHITECTURE §2 "Judgment".
 */
export const CHOICES = ['A', 'tie', 'B'] as const;
export type Choice = (typeof CHOICES)[number];
export type Outcome = 'win' | 'tie' | 'loss';

/** The canonical outcome of a displayed choice, given whether `model` was shown as A. */
export function toOutcome(choice: Choice, modelOnLeft: boolean): Outcome {
	if (choice === 'tie') return 'tie';
	const modelChosen = (choice === 'A') === modelOnLeft;
	return modelChosen ? 'win' : 'loss';
}

/** The displayed choice for a canonical outcome under a placement (inverse of toOutcome). */
export function toChoice(outcome: Outcome, modelOnLeft: boolean): Choice {
	if (outcome === 'tie') return 'tie';
	return (outcome === 'win') === modelOnLeft ? 'A' : 'B';
}

export const CHOICE_LABELS: Record<Choice, string> = { A: 'A better', tie: 'Tie', B: 'B better' };

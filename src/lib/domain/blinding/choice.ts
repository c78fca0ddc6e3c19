/**
 * What a rater sees ("A better", "Tie", "B better" for the positions shown) and what is stored
 * (the canonical outcome from the pair's `model` side), ARCHITECTURE §2 "Judgment".
 *
 * A study with `scale: 5` (issue #16 §1) adds the strength of preference: "A much better" (`AA`),
 * "A slightly better" (`A`), "Tie", "B slightly better" (`B`), "B much better" (`BB`). Storage keeps
 * the collapsed outcome (win / tie / loss, so every table and statistic of the 3-point protocol
 * reads it unchanged) and the **grade** −2..2 from `model`'s side: +2 model much better,
 * +1 slightly, 0 tie, −1 opponent slightly better, −2 opponent much better. On a 3-point study the
 * grade is null.
 */
export const CHOICES = ['A', 'tie', 'B'] as const;
/** The choices of a 5-point study, from "A much better" to "B much better". */
export const GRADED_CHOICES = ['AA', 'A', 'tie', 'B', 'BB'] as const;
export type Choice = (typeof GRADED_CHOICES)[number];
export type Outcome = 'win' | 'tie' | 'loss';
/** A study's rating scale (study file `scale`). */
export type Scale = 3 | 5;
export const SCALES = [3, 5] as const;
/** A graded canonical outcome: −2..2 from `model`'s side. */
export type Grade = -2 | -1 | 0 | 1 | 2;
export const GRADES = [-2, -1, 0, 1, 2] as const;

/** The choices a rater has on a study of this scale, in display order. */
export function choicesOf(scale: Scale): readonly Choice[] {
	return scale === 5 ? GRADED_CHOICES : CHOICES;
}

/** The canonical outcome of a displayed choice, given whether `model` was shown as A. */
export function toOutcome(choice: Choice, modelOnLeft: boolean): Outcome {
	if (choice === 'tie') return 'tie';
	const modelChosen = (choice[0] === 'A') === modelOnLeft;
	return modelChosen ? 'win' : 'loss';
}

/** The grade (−2..2, from `model`'s side) of a displayed choice under a placement. */
export function toGrade(choice: Choice, modelOnLeft: boolean): Grade {
	if (choice === 'tie') return 0;
	const size = choice.length === 2 ? 2 : 1;
	return (toOutcome(choice, modelOnLeft) === 'win' ? size : -size) as Grade;
}

/** The outcome a grade collapses to. */
export function gradeOutcome(grade: number): Outcome {
	return grade > 0 ? 'win' : grade < 0 ? 'loss' : 'tie';
}

/**
 * The displayed choice for a canonical outcome under a placement (inverse of toOutcome and,
 * given the stored grade, of toGrade). Without a grade (3-point studies) the choice is
 * "A better" / "Tie" / "B better".
 */
export function toChoice(outcome: Outcome, modelOnLeft: boolean): (typeof CHOICES)[number];
export function toChoice(outcome: Outcome, modelOnLeft: boolean, grade: number | null): Choice;
export function toChoice(
	outcome: Outcome,
	modelOnLeft: boolean,
	grade: number | null = null
): Choice {
	if (outcome === 'tie') return 'tie';
	const side = (outcome === 'win') === modelOnLeft ? 'A' : 'B';
	return grade !== null && Math.abs(grade) === 2 ? (side === 'A' ? 'AA' : 'BB') : side;
}

/**
 * The radios' accessible names (ARCHITECTURE §9) of the 3-point scale; a 5-point study names
 * `A` and `B` "slightly better" (choiceLabel).
 */
export const CHOICE_LABELS: Record<Choice, string> = {
	AA: 'A much better',
	A: 'A better',
	tie: 'Tie',
	B: 'B better',
	BB: 'B much better'
};
const GRADED_LABELS: Record<Choice, string> = {
	...CHOICE_LABELS,
	A: 'A slightly better',
	B: 'B slightly better'
};

/** A choice's name on a study of this scale. */
export function choiceLabel(choice: Choice, scale: Scale = 3): string {
	return (scale === 5 ? GRADED_LABELS : CHOICE_LABELS)[choice];
}

/** The stored grade of a choice: its grade on a 5-point study, null on a 3-point one. */
export function storedGrade(choice: Choice, modelOnLeft: boolean, scale: Scale): Grade | null {
	return scale === 5 ? toGrade(choice, modelOnLeft) : null;
}

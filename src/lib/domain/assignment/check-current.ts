import type { Assignment, JuniorId, Result } from './types.ts';

/** An assignment as stored, with whether its junior has started it (draft, judgment or opened). */
export type CurrentAssignment<J extends JuniorId = string> = Assignment<J> & { started: boolean };

/** Current assignments grouped by junior (study order): originals by position, repeats by pair. */
export type CurrentByJunior<J extends JuniorId = string> = {
	originals: CurrentAssignment<J>[][];
	/** Per junior: pair index → whether the repeat is started. */
	repeats: Map<number, boolean>[];
};

/**
 * Checks that the current assignments belong to the listed juniors, name valid pairs, hold each
 * (pair, junior, isRepeat) once, and that the new junior is not already in the study; groups them.
 */
export function checkCurrent<J extends JuniorId>(
	pairCount: number,
	juniors: readonly J[],
	current: readonly CurrentAssignment<J>[],
	newJunior: J
): Result<CurrentByJunior<J>> {
	const slot = new Map<J, number>();
	for (const junior of juniors) {
		if (slot.has(junior))
			return fail('juniors', `Junior "${junior}" is listed twice; list each junior once.`);
		slot.set(junior, slot.size);
	}
	if (slot.has(newJunior)) {
		return fail(
			'new-junior',
			`Junior "${newJunior}" is already in the study; nothing to rebalance.`
		);
	}
	const originals: CurrentAssignment<J>[][] = juniors.map(() => []);
	const repeats: Map<number, boolean>[] = juniors.map(() => new Map());
	const seen: Set<number>[] = juniors.map(() => new Set());
	for (const a of current) {
		const j = slot.get(a.junior);
		if (j === undefined)
			return fail(
				'juniors',
				`An assignment belongs to "${a.junior}", who is not listed among the study's juniors.`
			);
		if (!Number.isInteger(a.pairIndex) || a.pairIndex < 0 || a.pairIndex >= pairCount) {
			return fail(
				'pairs',
				`Assignment of "${a.junior}" names pair ${a.pairIndex}, but pairs run from 0 to ${pairCount - 1}.`
			);
		}
		const key = 2 * a.pairIndex + (a.isRepeat ? 1 : 0);
		if (seen[j].has(key)) {
			return fail(
				'pairs',
				`"${a.junior}" holds pair ${a.pairIndex}${a.isRepeat ? ' as a repeat' : ''} twice.`
			);
		}
		seen[j].add(key);
		if (a.isRepeat) repeats[j].set(a.pairIndex, a.started);
		else originals[j].push(a);
	}
	for (const owned of originals)
		owned.sort((a, b) => a.position - b.position || a.pairIndex - b.pairIndex);
	return { ok: true, value: { originals, repeats } };
}

function fail(
	code: 'juniors' | 'new-junior' | 'pairs',
	message: string
): { ok: false; error: { code: typeof code; message: string } } {
	return { ok: false, error: { code, message } };
}

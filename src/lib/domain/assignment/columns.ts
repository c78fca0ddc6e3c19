/**
 * Assignments as typed-array columns: what the assignment worker sends back (a structured
 * clone of a few typed arrays is a memory copy), so the request thread never deserializes 200,000 objects in one go.
 */
import type { Assignment } from './types.ts';

export type AssignmentColumns = {
	pairIndex: Int32Array;
	junior: Int32Array;
	position: Int32Array;
	/** -1: none. */
	repeatOf: Int32Array;
	modelOnLeft: Uint8Array;
	isRepeat: Uint8Array;
};

export function toColumns(queue: readonly Assignment<number>[]): AssignmentColumns {
	const n = queue.length;
	const columns: AssignmentColumns = {
		pairIndex: new Int32Array(n),
		junior: new Int32Array(n),
		position: new Int32Array(n),
		repeatOf: new Int32Array(n),
		modelOnLeft: new Uint8Array(n),
		isRepeat: new Uint8Array(n)
	};
	queue.forEach((a, i) => {
		columns.pairIndex[i] = a.pairIndex;
		columns.junior[i] = a.junior;
		columns.position[i] = a.position;
		columns.repeatOf[i] = a.repeatOf ?? -1;
		columns.modelOnLeft[i] = a.modelOnLeft ? 1 : 0;
		columns.isRepeat[i] = a.isRepeat ? 1 : 0;
	});
	return columns;
}

export function rowAt(columns: AssignmentColumns, i: number): Assignment<number> {
	const row: Assignment<number> = {
		pairIndex: columns.pairIndex[i],
		junior: columns.junior[i],
		modelOnLeft: columns.modelOnLeft[i] === 1,
		position: columns.position[i],
		isRepeat: columns.isRepeat[i] === 1
	};
	if (columns.repeatOf[i] >= 0) row.repeatOf = columns.repeatOf[i];
	return row;
}

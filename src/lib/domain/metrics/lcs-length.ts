/**
 * Length of the longest common subsequence of two sequences, by the classic dynamic programme
 * kept to two Int32Array rows (O(|a|·|b|) time, O(|b|) memory). Reference: rouge-score's
 * `_lcs_table` (Lin 2004, "ROUGE: A Package for Automatic Evaluation of Summaries", §3).
 */
export function lcsLength(a: ArrayLike<number>, b: ArrayLike<number>): number {
	const n = b.length;
	if (a.length === 0 || n === 0) return 0;
	let previous = new Int32Array(n + 1);
	let current = new Int32Array(n + 1);
	for (let i = 0; i < a.length; i++) {
		const ai = a[i];
		for (let j = 0; j < n; j++) {
			if (ai === b[j]) current[j + 1] = previous[j] + 1;
			else {
				const up = previous[j + 1];
				const left = current[j];
				current[j + 1] = up > left ? up : left;
			}
		}
		const swap = previous;
		previous = current;
		current = swap;
	}
	return previous[n];
}

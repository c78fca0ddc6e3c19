/** One stored judgment with everything the study statistics need, in canonical form. */
export type JudgmentRow = {
	pairId: number;
	prompt: string;
	model: string;
	opponent: string;
	dimension: string;
	/** Pseudonym within the study ("J1", "S1"). */
	rater: string;
	role: 'junior' | 'senior';
	stage: 'rating' | 'independent' | 'final';
	outcome: 'win' | 'tie' | 'loss';
	/** The graded outcome −2..2 on a 5-point study; null (or absent) on a 3-point one. */
	grade?: number | null;
	modelOnLeft: boolean;
	isRepeat: boolean;
	hard: boolean;
};

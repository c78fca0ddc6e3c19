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
	modelOnLeft: boolean;
	isRepeat: boolean;
	hard: boolean;
};

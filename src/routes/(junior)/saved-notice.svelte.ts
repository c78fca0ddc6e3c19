/**
 * "Saved — pair 13 of 144", said once after a submission (#12 item 5). Set by the rating screen
 * when the server accepted a submission; shown by the juniors' layout on the page the submission
 * leads to (the next pair, or "All done"), and gone after the next navigation.
 */
export type SavedNotice = { text: string; href: string };

export const savedNotice = $state<{ current: SavedNotice | null; arriving: boolean }>({
	current: null,
	arriving: false
});

export function announceSaved(notice: SavedNotice) {
	savedNotice.current = notice;
	savedNotice.arriving = true;
}

/** After each navigation: keep the notice on the page a submission led to, then drop it. */
export function navigated() {
	if (savedNotice.arriving) savedNotice.arriving = false;
	else savedNotice.current = null;
}

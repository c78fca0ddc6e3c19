/**
 * Saves a form's draft on every change (#12 item 4): at most one request at a time, and the
 * latest state goes next, so quick changes coalesce without waiting on a timer. Requests use
 * `keepalive`, so one sent just before a reload or a closed tab still reaches the server, and
 * `flush()` (on `pagehide` / a hidden tab) sends whatever is not sent yet. "Saved" is reported
 * only once the server's form action answered `success`.
 */
export type DraftState = 'saving' | 'saved' | 'failed';

type Options = {
	url: string;
	body: () => FormData;
	onstate: (state: DraftState) => void;
	fetch?: typeof fetch;
};

export function draftSaver({ url, body, onstate, fetch: send = fetch }: Options) {
	let version = 0; // changes made
	let sentVersion = 0; // the latest change a request carried
	let savedVersion = 0; // the latest change the server confirmed
	let inFlight = false;
	let timer: ReturnType<typeof setTimeout> | undefined;

	function post() {
		return send(url, {
			method: 'POST',
			body: body(),
			headers: { 'x-sveltekit-action': 'true' },
			keepalive: true
		});
	}

	async function next(): Promise<void> {
		clearTimeout(timer);
		timer = undefined;
		if (inFlight || sentVersion === version) return;
		inFlight = true;
		const carried = (sentVersion = version);
		let ok: boolean;
		try {
			const response = await post();
			// A form action answers 200 with {type: 'failure'} when it refuses (e.g. a locked pair).
			ok = response.ok && (await response.json()).type === 'success';
		} catch {
			ok = false;
		}
		inFlight = false;
		if (ok) savedVersion = Math.max(savedVersion, carried);
		if (sentVersion !== version) return next();
		onstate(savedVersion === version ? 'saved' : 'failed');
	}

	return {
		/** Something changed: save now, or after `delay` ms (typing). */
		change(delay = 0) {
			version++;
			onstate('saving');
			clearTimeout(timer);
			if (delay > 0) timer = setTimeout(next, delay);
			else void next();
		},
		/** The page is going away: send the latest state if no request carries it yet. */
		flush() {
			clearTimeout(timer);
			timer = undefined;
			if (sentVersion === version) return;
			sentVersion = version;
			post().catch(() => {});
		},
		/** A submission supersedes the draft: drop a pending save. */
		cancel() {
			clearTimeout(timer);
			timer = undefined;
			sentVersion = version;
		}
	};
}

import { describe, expect, it, vi } from 'vitest';
import { handle, handleError } from '../../src/hooks.server.ts';

describe('handleError', () => {
	it('shows users a short message with the request id, and logs the stack under the same id', async () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const event = {
			locals: { requestId: 'abc12345' },
			request: new Request('http://x/annotate'),
			url: new URL('http://x/annotate')
		};
		const result = await handleError({
			error: new Error('secret detail at db.ts:42'),
			event,
			status: 500,
			message: 'Internal Error'
		} as never);
		expect(result).toEqual({
			message: 'Something went wrong on the server.',
			requestId: 'abc12345'
		});
		expect(JSON.stringify(result)).not.toContain('secret');
		expect(log).toHaveBeenCalledWith('[abc12345] GET /annotate', expect.any(Error));
		log.mockRestore();
	});

	it('passes expected errors (4xx) through without logging', async () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const event = {
			locals: { requestId: 'r1' },
			request: new Request('http://x/nope'),
			url: new URL('http://x/nope')
		};
		expect(
			await handleError({
				error: new Error('x'),
				event,
				status: 404,
				message: 'Not Found'
			} as never)
		).toEqual({ message: 'Not Found', requestId: 'r1' });
		expect(log).not.toHaveBeenCalled();
		log.mockRestore();
	});

	it('answers a full or read-only disk with 503 "Could not save", with the request id', async () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
		const event = {
			locals: {} as App.Locals,
			request: new Request('http://x/annotate/abc?/submit', { method: 'POST' }),
			url: new URL('http://x/annotate/abc?/submit'),
			route: { id: null },
			cookies: { get: () => undefined },
			isDataRequest: false
		};
		// What SvelteKit does with an error thrown by an action: handleError, then a 500 answer.
		const resolve = async () => {
			const body = await handleError({
				error: new Error('Failed query', { cause: full }),
				event,
				status: 500,
				message: 'Internal Error'
			} as never);
			return new Response(JSON.stringify({ type: 'error', error: body }), { status: 500 });
		};
		const response = await handle({ event, resolve } as never);
		expect(response.status).toBe(503);
		const { error } = await response.json();
		expect(error).toEqual({
			message: 'Could not save — nothing was recorded. Please try again.',
			requestId: event.locals.requestId
		});
		expect(error.requestId).toMatch(/^[0-9a-f]{8}$/);
		expect(response.headers.get('x-frame-options')).toBe('DENY');
		log.mockRestore();
	});
});

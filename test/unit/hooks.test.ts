import { describe, expect, it, vi } from 'vitest';
import { handleError } from '../../src/hooks.server.ts';

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
});

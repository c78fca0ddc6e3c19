/**
 * medpair's production server: migrates the database, optionally loads the demo, then serves the
 * SvelteKit app built by `vite build` (adapter-node's handler) on PORT (default 3000).
 *
 *   node src/server.ts [--demo]
 *
 * Run from the repository root (migrations/ and build/ are found relative to it).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assertNode22 } from './lib/server/runtime.ts';

assertNode22();

const { config } = await import('./lib/server/config.ts');
const { closeDatabase, openDatabase } = await import('./lib/server/db/index.ts');
const demo = await import('./lib/server/services/demo.ts');
const { listenHost, listeningMessage } = await import('./lib/server/listen.ts');
const { DatabaseOpenError, describeOpenFailure } = await import('./lib/server/db/storage-error.ts');

const demoMode = process.argv.includes('--demo');
const port = Number(process.env.PORT ?? 3000);
const host = listenHost(process.env.HOST, demoMode);

try {
	const db = await openDatabase();
	if (demoMode) {
		if (await demo.load(db, resolve('seed')))
			console.log('Loaded the demo study into the empty database.');
		if (await demo.accountsExist(db)) {
			console.log(`\nDemo accounts (password "${demo.DEMO_PASSWORD}"):`);
			for (const account of demo.DEMO_ACCOUNTS)
				console.log(`  ${account.username.padEnd(11)} ${account.role}`);
		}
	}
	await closeDatabase(db);
} catch (error) {
	// A read-only or full disk is the operator's to fix: one line saying what, no stack trace.
	const file = resolve(config().DATABASE_PATH);
	const message =
		error instanceof DatabaseOpenError
			? error.message
			: describeOpenFailure(file, dirname(file), error);
	if (!message) throw error;
	console.error(`medpair: ${message}`);
	process.exit(1);
}

// The worker threads (study-file validation, statistics) run from the sources next to this file:
// the built bundle cannot tell where they are (see src/lib/server/workers/worker-file.ts).
process.env.MEDPAIR_WORKERS_DIR ??= fileURLToPath(new URL('./lib/server/workers', import.meta.url));

// Study files may be up to 50 MB (the import form refuses more with a clear message).
process.env.BODY_SIZE_LIMIT ??= '60M';

// adapter-node assumes https when neither ORIGIN nor a protocol header is configured, which
// makes SvelteKit's CSRF check refuse every form post over plain http. Without ORIGIN, tell it
// the real protocol of each connection through a private header that clients cannot set; the
// origin is then this protocol plus the Host header, so posts work from localhost and 127.0.0.1
// on any port, while cross-site posts (whose Origin differs) are still refused.
const injectProtocol = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
const PROTOCOL_HEADER = 'x-medpair-connection-proto';
if (injectProtocol) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;

const handlerFile = resolve(process.env.MEDPAIR_BUILD_DIR ?? 'build', 'handler.js');
if (!existsSync(handlerFile)) {
	console.error('medpair: no build found. Run `npm run build` first (npm start does it for you).');
	process.exit(1);
}
type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: Handler };
const { preloadPages } = await import('./lib/server/preload.ts');
await preloadPages(dirname(handlerFile));

const server = createServer((req, res) => {
	if (injectProtocol)
		req.headers[PROTOCOL_HEADER] =
			'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});

// Longer than the usual proxy / client keep-alive, so the server never closes a connection the
// other side is about to reuse ("socket hang up" under load).
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.listen(port, host, () => {
	console.log(`\n${listeningMessage(server.address() as AddressInfo)} (Node ${process.version})`);
	if (demoMode && !process.env.HOST)
		console.log('Demo mode listens on this machine only; set HOST=0.0.0.0 to open it to others.');
	console.log('Stop it with Ctrl+C.');
});

function shutdown(signal: string) {
	console.log(`\n${signal}: closing connections…`);
	server.close(() => process.exit(0));
	server.closeIdleConnections();
	setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

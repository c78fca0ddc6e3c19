#!/usr/bin/env node
// The `medpair` command. The CLI is TypeScript run directly by Node 22's type stripping, so
// this shim only checks the runtime first (Node 20's better-sqlite3 load would crash).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
	console.error(
		`medpair needs Node 22 or newer, but this is Node ${process.version} (${process.execPath}).\n` +
			'Run it through npm, which uses the Node 22 installed with the project: npx medpair ...'
	);
	process.exit(1);
}
process.removeAllListeners('warning');
export {};
await import('./main.ts');

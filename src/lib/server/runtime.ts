/**
 * better-sqlite3 13 is built for Node 22; loaded by Node 20 it crashes the process with a
 * segmentation fault. Fail first with a message that says what to do.
 */
export function assertNode22(): void {
	const major = Number(process.versions.node.split('.')[0]);
	if (major >= 22) return;
	console.error(
		`medpair needs Node 22 or newer, but this is Node ${process.version} (${process.execPath}).\n` +
			'Start it through npm (npm start), which runs the Node 22 installed with the project.'
	);
	process.exit(1);
}

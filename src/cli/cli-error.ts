/** An error whose message is meant for the user: printed as one line on stderr, no stack trace. */
export class CliError extends Error {
	exitCode: number;
	constructor(message: string, exitCode = 1) {
		super(message);
		this.name = 'CliError';
		this.exitCode = exitCode;
	}
}

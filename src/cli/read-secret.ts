import { createInterface } from 'node:readline';
import { CliError } from './cli-error.ts';

/** Reads all of standard input (for --password-stdin), without the trailing newline. */
export async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks)
		.toString('utf8')
		.replace(/\r?\n$/, '');
}

/** Asks for a secret on the terminal without echoing it. */
export function askSecret(question: string): Promise<string> {
	return new Promise((resolve) => {
		const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
		const output = rl as unknown as { _writeToOutput: (s: string) => void };
		let muted = false;
		output._writeToOutput = (s: string) => {
			if (!muted) process.stdout.write(s);
		};
		rl.question(question, (answer) => {
			rl.close();
			process.stdout.write('\n');
			resolve(answer);
		});
		muted = true;
	});
}

/** A new password: from standard input, or asked twice on the terminal. */
export async function readNewPassword(fromStdin: boolean): Promise<string> {
	if (fromStdin) return readStdin();
	if (!process.stdin.isTTY)
		throw new CliError('no terminal to ask for the password: pass it with --password-stdin');
	const first = await askSecret('Password (12+ characters): ');
	const second = await askSecret('Repeat the password: ');
	if (first !== second) throw new CliError('the two passwords differ');
	return first;
}

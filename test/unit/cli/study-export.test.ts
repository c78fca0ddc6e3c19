/**
 * `medpair study export` (ARCHITECTURE §7) run as a user would, against a database file holding
 * the small study rated to a fixed plan; and its writer's backpressure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeChunks } from '../../../src/cli/commands/study.ts';
import { ratedStudy } from '../../helpers/rated-study.ts';
import { runMedpair } from '../../helpers/cli.ts';
import { closeDatabase, writerOf } from '../../../src/lib/server/db/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-study-export-'));
const DATABASE_PATH = join(dir, 'medpair.db');

beforeAll(async () => {
	const { db } = await ratedStudy((rater) => (rater === 'junior1' ? '=1+1' : ''));
	writeFileSync(DATABASE_PATH, writerOf(db).serialize());
	await closeDatabase(db);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const medpair = (...args: string[]) => runMedpair(args, { env: { DATABASE_PATH } });

describe('medpair study export', { timeout: 60_000 }, () => {
	it('writes the win / tie / loss long form as CSV by default, under its signature line', () => {
		const { code, stdout, stderr } = medpair('study', 'export', '1', '--table', 'wintie');
		expect(stderr).toBe('');
		expect(code).toBe(0);
		const lines = stdout.trimEnd().split('\n');
		expect(lines[0]).toMatch(
			/^# medpair medpair:0\.1\.0\|study:1\|seed:7\|table:wintie\|categories:loss,tie,win\|bootstrap:B=1000,seed=7,cluster=prompt\|protocol:escalate=any-disagreement,adjudicate=disputed\|interim:pending=0,unresolved=0\|exported:\d{4}-.*Z\|tables\|/
		);
		expect(lines[1]).toMatch(/^model,opponent,dimension,n,wins,ties,losses,win_rate,/);
		expect(lines.slice(2)).toHaveLength(8);
		expect(lines[2]).toMatch(/^cand-a,ref,faithfulness,3,2,1,0,0\.666/);
	});

	it('prints JSON, Markdown and LaTeX with --format', () => {
		const json = JSON.parse(
			medpair('study', 'export', '1', '--table', 'wintie', '--format', 'json').stdout
		);
		expect(json.cells).toHaveLength(8);
		expect(medpair('study', 'export', '1', '--table', 'wintie', '--format', 'md').stdout).toContain(
			'| cand-a | 7B | **100.0** |'
		);
		expect(
			medpair('study', 'export', '1', '--table', 'agreement', '--format', 'latex').stdout
		).toContain('\\begin{table}[ht]');
	});

	it('exports judgments pseudonymously, with usernames under --names, neutralising formulas', () => {
		const plain = medpair('study', 'export', '1', '--table', 'judgments').stdout;
		expect(plain.trimEnd().split('\n')).toHaveLength(2 + 64);
		expect(plain).toContain(',J1,junior,false,rating,');
		expect(plain).not.toContain('junior1');
		expect(plain).toContain(",'=1+1,");
		const named = medpair('study', 'export', '1', '--table', 'judgments', '--names').stdout;
		expect(named).toContain(',junior1,junior,false,rating,');
		expect(named).toContain(',senior,senior,false,final,');
	});

	it('says what is wrong, on one line, with exit code 1', () => {
		for (const [args, message] of [
			[['99', '--table', 'wintie'], 'medpair: There is no study with id 99.\n'],
			[['abc', '--table', 'wintie'], 'medpair: "abc" is not a study id\n'],
			[
				['1', '--table', 'metrics'],
				'medpair: Study 1 has no predictions yet: upload a predictions file (.jsonl) on the study page, or run medpair predictions import 1 <file>, first.\n'
			],
			[
				['1', '--table', 'wintie', '--format', 'json', '--layout', 'paper'],
				/JSON is always the long form/
			]
		] as const) {
			const { code, stdout, stderr } = medpair('study', 'export', ...args);
			expect(code).toBe(1);
			expect(stdout).toBe('');
			if (typeof message === 'string') expect(stderr).toBe(message);
			else expect(stderr).toMatch(message);
		}
		const missing = medpair('study', 'export', '1');
		expect(missing.code).toBe(1);
		expect(missing.stderr).toContain("required option '--table <table>' not specified");
		const bad = medpair('study', 'export', '1', '--table', 'wintie', '--format', 'xlsx');
		expect(bad.code).toBe(1);
		expect(bad.stderr).toContain('Allowed choices are csv, json, md, latex');
	});
});

describe('writeChunks', () => {
	/** A writable that takes `delay` ms per chunk, with a 1-byte buffer, as a slow pipe. */
	function slowSink(delay: number) {
		const written: string[] = [];
		const sink = new Writable({
			highWaterMark: 1,
			write(chunk, _encoding, done) {
				setTimeout(() => {
					written.push(String(chunk));
					done();
				}, delay);
			}
		});
		return { sink, written };
	}

	it('pulls the next chunk only after the sink has drained', async () => {
		const { sink, written } = slowSink(2);
		let ahead = 0;
		async function* source() {
			for (let i = 0; i < 20; i++) {
				ahead = Math.max(ahead, i - written.length);
				yield `chunk ${i}\n`;
			}
		}
		await writeChunks(source(), sink);
		await new Promise((resolve) => sink.end(resolve));
		expect(written).toHaveLength(20);
		expect(ahead).toBeLessThanOrEqual(1);
	});

	it('ends quietly when the reader goes away (EPIPE) and stops pulling', async () => {
		let pulled = 0;
		async function* source() {
			for (let i = 0; i < 100; i++) {
				pulled++;
				yield 'x';
			}
		}
		const broken = new Writable({
			highWaterMark: 1,
			write(_chunk, _encoding, done) {
				done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
			}
		});
		await expect(writeChunks(source(), broken)).resolves.toBeUndefined();
		expect(pulled).toBeLessThan(5);

		const failing = new Writable({
			write(_chunk, _encoding, done) {
				done(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
			}
		});
		await expect(writeChunks(source(), failing)).rejects.toThrow('disk full');
	});
});

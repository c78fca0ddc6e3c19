/**
 * Two app instances on one PostgreSQL database (issue #14): 32 rating sessions over HTTP, spread
 * over both built servers (16 juniors, each signed in once on each instance, so one junior's two
 * browsers race for the same queue on different processes). Mid-load one instance is killed
 * with SIGKILL; its sessions fail over to the other with the same cookie, as behind a load
 * balancer, and everyone rates on until the study is done. Then: every acknowledged submission
 * is stored exactly once, no pair has more juniors than raters_per_pair, and every pair's
 * escalation and final labels are what its votes call for.
 *
 * Runs in `npm test` after the browser tests, on their build (test/run-all.ts), in the vitest
 * project multi-instance; alone: MEDPAIR_TEST_MULTI=1 .ci/with-postgres npx vitest run --project multi-instance
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/lib/domain/random.ts';
import { closeDatabase } from '../../src/lib/server/db/index.ts';
import { openPgDb } from '../../src/lib/server/db/postgres.ts';
import { type Server, type Session, signInAll, sleep } from '../bench/load-kit.ts';
import {
	checkConsistency,
	failOver,
	rateOne,
	serverBuild,
	sharedStudy,
	startInstance
} from '../helpers/instances.ts';
import { freshDatabase, PG_MIGRATIONS, PG_URL, pgSuite } from '../helpers/pg-test.ts';

const JUNIORS = 16;

describe.skipIf(!PG_URL)(pgSuite('two app instances on one database'), () => {
	let url: string;
	let servers: Server[] = [];
	let juniors: string[];
	let total: number;

	beforeAll(async () => {
		url = await freshDatabase('instances');
		// 32 prompts × 2 candidates vs 1 reference, 2 raters per pair: 128 assignments, 8 each.
		({ juniors, assignments: total } = await sharedStudy(url, {
			juniors: JUNIORS,
			prompts: 32,
			candidates: 2
		}));
		const build = serverBuild();
		console.log(`two instances: server build ${build.how}`);
		servers = await Promise.all([startInstance(url, build.dir), startInstance(url, build.dir)]);
	}, 240_000);

	afterAll(async () => {
		for (const server of servers) await server.stop();
	});

	it('keeps every acknowledged judgment, once, when one instance is killed mid-load', async () => {
		const [a, b] = servers;
		const sessions: Session[] = [
			...(await signInAll(a.port, juniors)),
			...(await signInAll(b.port, juniors))
		];
		const acknowledged: string[] = [];
		const errors: string[] = [];
		const onB = new Set<number>(juniors.map((_, i) => JUNIORS + i));
		let killedAt: number | null = null;
		const deadline = Date.now() + 60_000;

		await Promise.all(
			sessions.map(async (_, index) => {
				const random = createRandom(index + 1);
				let failures = 0;
				while (Date.now() < deadline) {
					try {
						const result = await rateOne(sessions[index], random);
						if (result === 'done') return;
						acknowledged.push(result);
						failures = 0;
						// Kill instance A once a third of the study is acknowledged.
						if (killedAt === null && acknowledged.length >= total / 3) {
							killedAt = acknowledged.length;
							await a.kill();
						}
					} catch (error) {
						// A's sessions go on on B once A is killed, the way a load balancer sends them.
						if (!onB.has(index) && killedAt !== null) {
							sessions[index] = failOver(sessions[index], b.port);
							onB.add(index);
						} else {
							errors.push(`${sessions[index].username}: ${(error as Error).message}`);
							if (++failures > 5) return;
						}
						await sleep(20);
					}
				}
			})
		);
		for (const s of sessions) s.close();

		expect(errors).toEqual([]);
		expect(killedAt, 'instance A was killed mid-load').not.toBeNull();
		expect(a.process.signalCode).toBe('SIGKILL');
		expect(b.unexpectedExit()).toBeNull();
		// A junior's two browsers often get the same pair and both submit it: submit is
		// idempotent, so both are acknowledged and it is stored once (checked below).
		const unique = [...new Set(acknowledged)];

		const db = await openPgDb(url, { migrationsPath: PG_MIGRATIONS, poolSize: 2 });
		try {
			const check = await checkConsistency(db, unique);
			console.log(
				`two instances: ${acknowledged.length} submissions acknowledged (${unique.length} pairs; A killed after ${killedAt}), ${check.submitted} stored of ${total}; ${check.consensus} pairs by consensus, ${check.escalated} escalated`
			);
			expect(check.lost).toEqual([]);
			expect(check.duplicates).toBe(0);
			expect(check.overAssigned).toBe(0);
			expect(check.inconsistent).toEqual([]);
			// Everyone rated on to the end: every assignment is submitted; at most the submissions
			// in flight on A when it died were stored without an answer.
			expect(check.submitted).toBe(total);
			expect(check.submitted - unique.length).toBeGreaterThanOrEqual(0);
			expect(check.submitted - unique.length).toBeLessThanOrEqual(JUNIORS);
			expect(check.consensus).toBeGreaterThan(0);
			expect(check.escalated).toBeGreaterThan(0);
		} finally {
			await closeDatabase(db);
		}
	}, 90_000);
});

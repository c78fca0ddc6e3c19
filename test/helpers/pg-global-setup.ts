/**
 * vitest globalSetup: gives the test run one PostgreSQL cluster. MEDPAIR_TEST_PG_URL (e.g. from
 * .ci/with-postgres) is passed on as it is; otherwise MEDPAIR_TEST_PG=1 starts a throwaway
 * cluster for this run and stops it at the end. Without either, PostgreSQL tests skip, and a
 * plain `vitest run` pays nothing for them.
 */
import type { TestProject } from 'vitest/node';
import { startCluster, type PgCluster } from './pg-cluster.ts';

export default function setup(project: TestProject): () => void {
	let cluster: PgCluster | undefined;
	let url = process.env.MEDPAIR_TEST_PG_URL ?? '';
	if (!url && process.env.MEDPAIR_TEST_PG === '1') {
		const started = Date.now();
		cluster = startCluster();
		url = cluster.url;
		process.env.MEDPAIR_TEST_PG_URL = url;
		console.log(`PostgreSQL test cluster started in ${Date.now() - started} ms: ${url}`);
	}
	if (!url)
		console.log(
			'PostgreSQL tests skip: MEDPAIR_TEST_PG_URL is unset (run through .ci/with-postgres, or set MEDPAIR_TEST_PG=1)'
		);
	project.provide('medpairTestPgUrl', url);
	return () => cluster?.stop();
}

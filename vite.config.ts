import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
		environment: 'node',
		// One PostgreSQL cluster per run when asked for (MEDPAIR_TEST_PG=1); see the file.
		globalSetup: ['test/helpers/pg-global-setup.ts'],
		testTimeout: 20_000
	}
});

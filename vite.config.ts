import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
		environment: 'node',
		testTimeout: 20_000
	}
});

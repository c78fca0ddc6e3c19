import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// MEDPAIR_BUILD_DIR lets the browser tests build into their own folder, so `npm test` never
// replaces the build a running `npm start` serves (src/server.ts reads the same variable).
const buildDir = process.env.MEDPAIR_BUILD_DIR;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: buildDir ?? 'build', precompress: false }),
		outDir: buildDir ? `${buildDir}-kit` : '.svelte-kit',
		// Content-Security-Policy with hashes/nonces for SvelteKit's own inline bootstrap script.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;

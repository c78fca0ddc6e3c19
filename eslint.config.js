import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'migrations/',
			'test-results/',
			'.e2e*/',
			'.ci-out/',
			'.shots/',
			'data/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			// medpair is served at the site root (no paths.base), so resolve() on every link is noise.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			'@typescript-eslint/naming-convention': [
				'error',
				{ selector: 'function', format: ['camelCase'] },
				// SvelteKit's endpoint handlers are named after HTTP methods.
				{
					selector: 'function',
					filter: '^(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD)$',
					format: null
				},
				{ selector: 'typeLike', format: ['PascalCase'] }
			]
		}
	},
	{
		// Every query is awaited (db/index.ts): a promise left floating would be a write that
		// may not have happened, or a read used before it arrived.
		files: ['src/**/*.ts', 'test/**/*.ts'],
		languageOptions: { parserOptions: { projectService: true } },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/await-thenable': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	}
);

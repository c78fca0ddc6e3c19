import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROUTES_DIR = fileURLToPath(new URL('../../src/routes', import.meta.url));

/** SvelteKit route ids: every directory holding a +page or +server file. */
export function routeIds(dir = ROUTES_DIR): string[] {
	const ids: string[] = [];
	const entries = readdirSync(dir);
	if (entries.some((name) => /^\+(page|server)(\.server)?\.(ts|svelte|js)$/.test(name))) {
		const id = '/' + relative(ROUTES_DIR, dir).split(sep).join('/');
		ids.push(id === '/' ? '/' : id.replace(/\/$/, ''));
	}
	for (const name of entries) {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) ids.push(...routeIds(full));
	}
	return ids.sort();
}

/** The URL path of a route id with its parameters filled in. */
export function pathOf(routeId: string, params: Record<string, string> = {}): string {
	const path = routeId
		.split('/')
		.filter((part) => !/^\(.*\)$/.test(part))
		.map((part) => part.replace(/^\[(\w+)\]$/, (_, name: string) => params[name] ?? `[${name}]`))
		.join('/');
	return path === '' ? '/' : path;
}

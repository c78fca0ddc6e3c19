/**
 * Every possible identity leak of a study as a table (export `--table leaks`): the study page
 * lists the first few, a study whose answers name their models may have thousands.
 */
import type { Table } from '../export/table.ts';
import type { IdentityLeak } from './identity-leaks.ts';

export function identityLeaksTable(leaks: readonly IdentityLeak[]): Table {
	return {
		caption: 'Texts shown to raters that may reveal which model wrote an answer',
		columns: [
			{ key: 'where', label: 'where' },
			{ key: 'prompt', label: 'prompt' },
			{ key: 'model', label: 'model' },
			{ key: 'match', label: 'match' },
			{ key: 'excerpt', label: 'excerpt' }
		],
		rows: leaks.map((leak) => ({
			where: leak.where,
			prompt: leak.prompt,
			model: leak.model,
			match: leak.match,
			excerpt: leak.excerpt
		}))
	};
}

import { renderDocPage } from '$lib/domain/doc-page.ts';
import methods from '../../../../docs/methods.md?raw';
import type { PageServerLoad } from './$types';

/** docs/methods.md, rendered once: the definitions the study page links to (`/methods#…`). */
const page = renderDocPage(methods);

export const load: PageServerLoad = () => page;

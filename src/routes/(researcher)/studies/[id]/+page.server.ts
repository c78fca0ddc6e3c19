import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/index.ts';
import { countOf, nounFor } from '$lib/format.ts';
import * as assignments from '$lib/server/services/assignments.ts';
import { moveUnstartedPairs } from '$lib/server/services/move-unstarted.ts';
import {
	paperWinTieTable,
	PAPER_METRICS,
	type PaperMetric
} from '$lib/domain/export/paper-win-tie-table.ts';
import { settingComparison } from '$lib/domain/metrics/setting-comparison.ts';
import { humanVsAutomatic } from '$lib/domain/study-stats/human-vs-automatic.ts';
import { calibrationReport } from '$lib/server/services/gold-report.ts';
import * as predictions from '$lib/server/services/predictions.ts';
import { studyReasons } from '$lib/server/services/reason-stats.ts';
import * as studies from '$lib/server/services/studies.ts';
import { dashboardResults } from '$lib/server/workers/statistics.ts';
import { studyPageReads } from '$lib/server/workers/study-page.ts';
import type { Actions, PageServerLoad } from './$types';

const idSchema = z.coerce.number().int().positive();

async function studyId(params: { id: string }): Promise<number> {
	const id = idSchema.safeParse(params.id);
	if (!id.success || !(await studies.get(getDb(), id.data))) error(404, 'No study with this id.');
	return id.data;
}

/**
 * The metrics table shows the study's display names instead of model keys; with few-shot
 * settings, the Figure 1 comparison (scenario means per model and setting) comes along.
 */
function withModelNames(
	metrics: Awaited<ReturnType<typeof predictions.studyMetrics>>,
	models: { key: string; name: string | null }[]
) {
	if (!metrics) return null;
	const names = new Map(models.map((m) => [m.key, m.name ?? m.key]));
	const rows = metrics.table.rows.map((row) =>
		'model' in row && typeof row.model === 'string'
			? { ...row, model: names.get(row.model) ?? row.model }
			: row
	);
	const scenarios = metrics.report.scores.some((s) => s.setting !== undefined)
		? settingComparison(metrics.report.scores).map((a) => ({
				...a,
				model: names.get(a.model) ?? a.model
			}))
		: null;
	return { ...metrics, table: { ...metrics.table, rows }, scenarios };
}

/** How many possible identity leaks the page lists; the export has every one. */
const LEAKS_SHOWN = 50;

export const load: PageServerLoad = async ({ params }) => {
	const id = await studyId(params);
	const db = getDb();
	const overview = (await studies.overview(db, id))!;
	// The reads that grow with the study, in a worker thread (progress, version, leak scan).
	const reads = await studyPageReads(db, id);
	// Recomputed at most once a minute while people rate, in a worker thread; until a recompute
	// ends the page shows the last figures (or "computing…") and looks again (+page.svelte).
	const { results: computed, computing } = await dashboardResults(db, id, {
		maxStaleMs: 60_000,
		waitMs: 1000,
		version: reads.resultsVersion
	});
	const metrics = withModelNames(await predictions.studyMetrics(db, id), overview.models);
	const cells = computed?.tables?.cells ?? [];
	const paperTables = Object.fromEntries(
		(Object.keys(PAPER_METRICS) as PaperMetric[]).map((metric) => [
			metric,
			paperWinTieTable(cells, overview.models, overview.dimensions, {
				metric,
				// n per cell under the rate (ResultsSection renders the superscript as "n = …").
				n: 'superscript',
				signature: computed?.signature ?? ''
			})
		])
	) as Record<PaperMetric, ReturnType<typeof paperWinTieTable>>;
	return {
		...overview,
		progress: reads.progress,
		hasRatings: reads.hasRatings,
		// The first few: a study whose answers name their models can have thousands (all of them
		// are in the leaks export), and the page is rendered on the thread that serves the raters.
		leaks: { count: reads.leaks.length, first: reads.leaks.slice(0, LEAKS_SHOWN) },
		blinding: await assignments.blindingNote(db, id),
		calibration: await calibrationReport(db, id),
		metrics,
		reasons: await studyReasons(db, id),
		results: computed && { ...computed, paperTables },
		computing,
		correlations:
			metrics && cells.length
				? humanVsAutomatic(
						cells,
						metrics.report.models,
						overview.dimensions.map((d) => d.key)
					)
				: null
	};
};

export const actions: Actions = {
	assign: async ({ params, locals }) => {
		const result = await assignments.assign(getDb(), await studyId(params), locals.user!.id);
		if (!result.ok) return fail(409, { action: 'assign', message: result.message });
		return {
			action: 'assign',
			success: `Assigned ${countOf(result.assignments, 'pair')} to raters.`
		};
	},
	addJunior: async ({ params, request, locals }) => {
		const username = z
			.string()
			.trim()
			.min(1)
			.max(64)
			.safeParse((await request.formData()).get('username'));
		if (!username.success)
			return fail(400, { action: 'addJunior', message: 'Enter the username of a junior account.' });
		const result = await assignments.addJunior(
			getDb(),
			await studyId(params),
			username.data,
			locals.user!.id
		);
		if (!result.ok) return fail(400, { action: 'addJunior', message: result.message });
		return {
			action: 'addJunior',
			success: `Added ${username.data}; moved ${countOf(result.assignments, 'not-yet-started pair')} to them.`
		};
	},
	predictions: async ({ params, request, locals }) => {
		const id = await studyId(params);
		if (await studies.isArchived(getDb(), id))
			return fail(409, { action: 'predictions', message: studies.ARCHIVED_MESSAGE, errors: [] });
		const file = (await request.formData()).get('predictions');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, {
				action: 'predictions',
				message: 'Choose a predictions file (.jsonl).',
				errors: []
			});
		if (file.size > 50 * 1024 * 1024)
			return fail(413, {
				action: 'predictions',
				message: 'The file is larger than 50 MB; use the command line.',
				errors: []
			});
		const result = await predictions.importPredictions(
			getDb(),
			id,
			file.name,
			await file.text(),
			locals.user!.id
		);
		if (!result.ok)
			return fail(400, {
				action: 'predictions',
				message: `${file.name} was not imported. Nothing was changed.`,
				errors: result.errors.map((e) => `line ${e.line}: ${e.message}`)
			});
		const unknown = result.unknownModels.length
			? ` Not in this study: ${result.unknownModels.join(', ')}.`
			: '';
		return {
			action: 'predictions',
			success: `Imported ${countOf(result.lines, 'prediction')} from ${file.name}.${unknown}`
		};
	},
	close: async ({ params, request, locals }) => {
		const id = await studyId(params);
		// One careless click must not stop every rater: the form's dialog sends `confirmed`.
		if ((await request.formData()).get('confirmed') !== 'yes')
			return fail(400, {
				action: 'close',
				asked: true,
				message: 'Confirm closing the study in the dialog.'
			});
		if (!(await studies.setStatus(getDb(), id, 'closed', locals.user!.id)))
			return fail(409, { action: 'close', message: studies.ARCHIVED_MESSAGE });
		return {
			action: 'close',
			success:
				'The study is closed: no more ratings or decisions are accepted. “Reopen study” undoes this.'
		};
	},
	moveUnstarted: async ({ params, request, locals }) => {
		const id = await studyId(params);
		const userId = z.coerce
			.number()
			.int()
			.positive()
			.safeParse((await request.formData()).get('userId'));
		if (!userId.success) return fail(400, { action: 'moveUnstarted', message: 'Unknown account.' });
		const result = await moveUnstartedPairs(getDb(), id, userId.data, locals.user!.id);
		if (!result.ok)
			return fail(400, { action: 'moveUnstarted', userId: userId.data, message: result.message });
		const left = result.stranded
			? ` ${countOf(result.stranded, 'pair')} could not move: every other junior already rates ${nounFor(result.stranded, 'it', 'them')}.`
			: '';
		return {
			action: 'moveUnstarted',
			userId: userId.data,
			success: `Moved ${countOf(result.moved, 'unstarted pair')} of ${result.username} to ${countOf(result.to, 'other junior')}.${left}`
		};
	},
	seniorOrder: async ({ params, request, locals }) => {
		const order = z
			.enum(['oldest', 'judge-disagreement'])
			.safeParse((await request.formData()).get('order'));
		if (!order.success)
			return fail(400, { action: 'seniorOrder', message: 'Choose an order for the senior queue.' });
		if (
			!(await studies.setSeniorOrder(getDb(), await studyId(params), order.data, locals.user!.id))
		)
			return fail(409, { action: 'seniorOrder', message: studies.ARCHIVED_MESSAGE });
		return {
			action: 'seniorOrder',
			success:
				order.data === 'oldest'
					? 'Seniors now see the oldest escalated pairs first.'
					: 'Seniors now see first the pairs where the automatic judge disagrees most with the juniors.'
		};
	},
	reopen: async ({ params, locals }) => {
		if (!(await studies.setStatus(getDb(), await studyId(params), 'open', locals.user!.id)))
			return fail(409, { action: 'reopen', message: studies.ARCHIVED_MESSAGE });
		return { action: 'reopen', success: 'The study is open again.' };
	},
	archive: async ({ params, request, locals }) => {
		const id = await studyId(params);
		if ((await request.formData()).get('confirmed') !== 'yes')
			return fail(400, {
				action: 'archive',
				asked: true,
				message: 'Confirm archiving the study in the dialog.'
			});
		await studies.archive(getDb(), id, locals.user!.id);
		return {
			action: 'archive',
			success:
				'The study is archived: hidden from the studies list and read-only; exports still work. “Unarchive” undoes this.'
		};
	},
	unarchive: async ({ params, locals }) => {
		await studies.unarchive(getDb(), await studyId(params), locals.user!.id);
		return {
			action: 'unarchive',
			success: 'The study is back in the studies list. It stays closed until you reopen it.'
		};
	},
	delete: async ({ params, request, locals }) => {
		const id = await studyId(params);
		const data = await request.formData();
		if (data.get('confirmed') !== 'yes')
			return fail(400, {
				action: 'delete',
				asked: true,
				message: 'Confirm deleting the study in the dialog.'
			});
		const confirmName = data.get('confirmName');
		const result = await studies.remove(
			getDb(),
			id,
			locals.user!.id,
			typeof confirmName === 'string' ? confirmName : undefined
		);
		if (!result.ok)
			return fail(400, {
				action: 'delete',
				asked: true,
				wrongName: true,
				message: `This study has ${countOf(result.judgments, 'judgment')}. Type its name exactly to delete it with them.`
			});
		redirect(303, `/studies?deleted=${encodeURIComponent(result.name)}`);
	}
};

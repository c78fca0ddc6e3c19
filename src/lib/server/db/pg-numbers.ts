/**
 * PostgreSQL returns int8 (count(*), sum() of integers, bigint timestamps) and numeric (sum() of
 * bigints, avg()) as strings, because they can exceed a JS number. medpair's values never do, and
 * services written once for SQLite and PostgreSQL expect numbers, so these parsers make them
 * numbers for medpair's pools only: pg's global parsers are left alone for any other user.
 */
import pg from 'pg';

const INT8 = 20;
const NUMERIC = 1700;

/** A whole number beyond 2^53 would come back rounded: refuse it rather than return a wrong id. */
function parseInt8(value: string): number {
	const parsed = Number(value);
	if (!Number.isSafeInteger(parsed))
		throw new RangeError(`int8 value ${value} is beyond a JavaScript number's exact range`);
	return parsed;
}

const PARSERS: Record<number, (value: string) => number> = { [INT8]: parseInt8, [NUMERIC]: Number };

type TypeParsers = pg.CustomTypesConfig;

/** `fallback`'s parsers, with int8 and numeric (text format) read as numbers. */
export function numberParsers(fallback: TypeParsers = pg.types): TypeParsers {
	return {
		getTypeParser: ((oid: number, format?: string) =>
			(format !== 'binary' && PARSERS[oid]) ||
			fallback.getTypeParser(oid, format as 'text')) as TypeParsers['getTypeParser']
	};
}

/**
 * drizzle passes its own `types` with every query (so that it reads dates itself), and those fall
 * back to pg's *global* parsers, bypassing the pool's. Put the number parsers in front of them.
 */
export function preferNumberParsers(client: pg.PoolClient | pg.Client): void {
	const query = client.query.bind(client) as (config: unknown, ...rest: unknown[]) => unknown;
	Object.assign(client, {
		query: (config: unknown, ...rest: unknown[]) => query(withNumberParsers(config), ...rest)
	});
}

function withNumberParsers(config: unknown): unknown {
	if (typeof config !== 'object' || config === null) return config;
	const { types, submit } = config as { types?: TypeParsers; submit?: unknown };
	if (!types || typeof submit === 'function') return config; // no own parsers, or a pg Query
	return { ...config, types: numberParsers(types) };
}

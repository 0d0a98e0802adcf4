import { sql, type SQL } from 'drizzle-orm';

/**
 * The mark a statement's text starts with when PGlite may keep it prepared (see db/client.ts).
 * A comment: PostgreSQL ignores it, and the text stays valid SQL wherever it is sent.
 */
export const PREPARED_MARK = '/* gatehouse:prepared */ ';

/**
 * `query`, marked to be sent as a named prepared statement on PGlite, where parsing runs on
 * Gatehouse's own CPU: each of the usage meter's statements cost 1–3 ms there, paid again at
 * every flush however few rows it carries. PGlite plans each run afresh all the same
 * (`plan_cache_mode`, db/pglite-settings.mjs): a generic plan went wrong on a large usage table.
 *
 * Only for statements whose text never varies (values go in parameters, lists as one JSON
 * parameter): `postgres` keeps every prepared text for the life of the connection, so a text
 * that varied would grow that cache without end. On PostgreSQL the mark changes nothing: a
 * pooler in front of it (PgBouncer in transaction mode) may not carry named statements.
 */
export const prepared = (query: SQL): SQL => sql`${sql.raw(PREPARED_MARK)}${query}`;

/** Whether `text` was marked by `prepared`. */
export const isPrepared = (text: string): boolean => text.startsWith(PREPARED_MARK);

import { getTableColumns, getTableName, is, SQL, sql, type InferInsertModel } from 'drizzle-orm';
import { PgDialect, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../client';
import { prepared } from '../prepared';

/**
 * Many-row inserts for the hot path (usage rows and their ledger debits, hundreds per flush),
 * sent as one JSON parameter that PostgreSQL expands with `jsonb_to_recordset`.
 *
 * A drizzle `insert(...).values(rows)` builds one bind parameter per row and column: for a
 * batch of 200 usage rows that is 7,000 parameters, and building and binding them cost more
 * CPU than the rest of a request's handling (measured with `npm run bench:profile`). Here the
 * statement text is built once per table and column set, and the rows are one JSON string.
 * Column types, defaults and the serial id come from the drizzle table, so the schema stays
 * the single source of truth.
 */
type Plan = { columns: Array<{ key: string; name: string; fill: unknown; member: string }>; head: string; tail: string };

const dialect = new PgDialect();
const plans = new Map<string, Plan>();

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function defaultSql(column: PgColumn): string | undefined {
  if (!is(column.default, SQL)) return undefined;
  const query = dialect.sqlToQuery(column.default);
  if (query.params.length > 0) throw new Error(`json-insert: column ${column.name} has a parameterised default`);
  return query.sql;
}

function planFor(table: PgTable, suffix: string): Plan {
  const cacheKey = `${getTableName(table)}|${suffix}`;
  const cached = plans.get(cacheKey);
  if (cached) return cached;
  const columns: Plan['columns'] = [];
  const selects: string[] = [];
  const record: string[] = [];
  for (const [key, column] of Object.entries(getTableColumns(table)) as Array<[string, PgColumn]>) {
    const sqlDefault = defaultSql(column);
    // A default with no value and no expression is a serial (identity) column: the database fills it.
    if (column.hasDefault && column.default === undefined && !column.defaultFn) continue;
    const type = column.getSQLType();
    columns.push({ key, name: column.name, fill: sqlDefault === undefined ? column.default : undefined, member: `${JSON.stringify(column.name)}:` });
    record.push(`${quote(column.name)} ${type}`);
    selects.push(sqlDefault === undefined ? quote(column.name) : `coalesce(${quote(column.name)}, ${sqlDefault})`);
  }
  const plan = {
    columns,
    head: `insert into ${quote(getTableName(table))} (${columns.map((column) => quote(column.name)).join(', ')}) select ${selects.join(', ')} from jsonb_to_recordset(`,
    tail: `::jsonb) as r(${record.join(', ')})${suffix}`,
  };
  plans.set(cacheKey, plan);
  return plan;
}

/**
 * The rows as the JSON array `jsonb_to_recordset` reads: database column names, JS defaults
 * applied, null and undefined members left out (the column's default or NULL then applies).
 * Written member by member, as `JSON.stringify` would write an object of those members: building
 * that object first (some 40 members per usage row) cost 4.5 KB of garbage and ~10 µs per row.
 */
export function rowsJson(plan: Pick<Plan, 'columns'>, rows: Array<Record<string, unknown>>): string {
  let text = '[';
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    let members = '';
    for (const column of plan.columns) {
      const value = row[column.key] ?? column.fill;
      if (value === undefined || value === null) continue;
      const json = typeof value === 'number' && Number.isFinite(value) ? String(value) : (JSON.stringify(value) as string | undefined);
      // Functions and symbols: JSON.stringify leaves such a member out of an object.
      if (json === undefined) continue;
      members += members === '' ? column.member + json : `,${column.member}${json}`;
    }
    text += index === 0 ? `{${members}}` : `,{${members}}`;
  }
  return `${text}]`;
}

/**
 * Statements take at most this many rows. PGlite runs one statement at a time, so one insert of
 * 200 usage rows (tens of milliseconds there) held up every other query, such as an API key lookup
 * on a cache miss; smaller statements let those in between. Larger chunks saved little per row.
 */
const ROWS_PER_STATEMENT = 50;

/**
 * Inserts `rows`, in statements of up to 50 rows. `suffix` is raw SQL appended after the select
 * (for example ` on conflict ("generation_id") do nothing returning "generation_id"`); it must be
 * a constant, never built from input. Returns the rows the statements returned, in order.
 */
export async function insertJsonRows<T extends PgTable, R = Record<string, unknown>>(db: DbOrTx, table: T, rows: Array<InferInsertModel<T>>, suffix = ''): Promise<R[]> {
  if (rows.length === 0) return [];
  const plan = planFor(table, suffix);
  const returned: R[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT) as Array<Record<string, unknown>>;
    // One text per table and suffix, whatever the rows: kept prepared on PGlite.
    const result = await db.execute(prepared(sql`${sql.raw(plan.head)}${rowsJson(plan, chunk)}${sql.raw(plan.tail)}`));
    returned.push(...(result as unknown as R[]));
  }
  return returned;
}

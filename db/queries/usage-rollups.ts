import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../client';
import { histogramAdd, histogramAggregate, histogramBucket } from './latency-histogram';
import { prepared } from '../prepared';

/**
 * The SQL that keeps the rollups: raw rows grouped per team and UTC day (usage_rollups,
 * usage_dimension_rollups: end users, tags, and the subject of keyless calls) or UTC hour
 * (usage_hourly_rollups, with latency histograms) and added to what is there
 * (`x = x + excluded.x`). The meter runs it in its batch transaction over the rows the batch
 * actually inserted, as one statement for the three tables; the migration and
 * `rebuildUsageRollups` run the same groupings over every stored row.
 *
 * Groups are inserted in key order, so two instances upserting overlapping groups lock them
 * in the same order and cannot deadlock each other here.
 */

const sums = `count(*), sum(u.cost_micros), sum(u.billed_micros), sum(u.input_tokens), sum(u.output_tokens),
  sum(u.cached_input_tokens), sum(u.cache_write_tokens), sum(u.reasoning_tokens)`;
const measureColumns = 'requests, cost_micros, billed_micros, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens';
const accumulate = (table: string) =>
  measureColumns
    .split(', ')
    .map((column) => `${column} = ${table}.${column} + excluded.${column}`)
    .join(', ');

/**
 * A console playground call: no API key, subject `user:<id>` (lib/auth/playground-token.ts; OIDC
 * subjects never start with it, see oidc-auth.ts). Its user id is the 'playground' dimension.
 */
export const PLAYGROUND_ROW = `u.api_key_id is null and u.subject like 'user:%'`;
export const PLAYGROUND_USER = `substr(u.subject, 6)`;

/** `source` is a relation (table or CTE name) with usage_logs' columns, aliased `u`; `where` filters it. */
function dailyRollup(source: string, where: SQL): SQL {
  return sql`insert into usage_rollups (team_id, period_start, api_key_id, requested_model, served_model, provider, credential_type, status, ${sql.raw(measureColumns)})
    select u.team_id, date_trunc('day', u.created_at, 'UTC'), u.api_key_id, u.requested_model, u.served_model, u.provider, u.credential_type, u.status, ${sql.raw(sums)}
    from ${sql.raw(source)} u where ${where}
    group by 1, 2, 3, 4, 5, 6, 7, 8
    order by 1, 2, 3, 4, 5, 6, 7, 8
    on conflict on constraint usage_rollups_group_key do update set ${sql.raw(accumulate('usage_rollups'))}`;
}

/** Hour rows also count their latencies and times to first token into fixed histograms (latency-histogram.ts). */
function hourlyRollup(source: string, where: SQL): SQL {
  return sql`insert into usage_hourly_rollups (team_id, period_start, requested_model, provider, status, ${sql.raw(measureColumns)}, latency_histogram, ttft_histogram)
    select u.team_id, date_trunc('hour', u.created_at, 'UTC'), u.requested_model, u.provider, u.status, ${sql.raw(sums)},
      ${histogramAggregate(sql`u.latency_bucket`)}, ${histogramAggregate(sql`u.ttft_bucket`)}
    from (
      select u.*, ${histogramBucket(sql`u.latency_ms`)} as latency_bucket, ${histogramBucket(sql`u.ttft_ms`)} as ttft_bucket
      from ${sql.raw(source)} u where ${where}
    ) u
    group by 1, 2, 3, 4, 5
    order by 1, 2, 3, 4, 5
    on conflict on constraint usage_hourly_rollups_group_key do update set ${sql.raw(accumulate('usage_hourly_rollups'))},
      latency_histogram = ${histogramAdd(sql`usage_hourly_rollups.latency_histogram`, sql`excluded.latency_histogram`)},
      ttft_histogram = ${histogramAdd(sql`usage_hourly_rollups.ttft_histogram`, sql`excluded.ttft_histogram`)}`;
}

function dimensionRollup(source: string, where: SQL): SQL {
  return sql`insert into usage_dimension_rollups (team_id, period_start, dimension, value, ${sql.raw(measureColumns)})
    select u.team_id, date_trunc('day', u.created_at, 'UTC'), d.dimension, d.value, ${sql.raw(sums)}
    from ${sql.raw(source)} u
    cross join lateral (
      select 'user', u.end_user where u.end_user is not null
      union all select 'tag', tag from unnest(u.tags) as tag
      union all select 'playground', ${sql.raw(PLAYGROUND_USER)} where ${sql.raw(PLAYGROUND_ROW)}
      union all select 'subject', u.subject where u.api_key_id is null and u.subject is not null
    ) as d(dimension, value)
    where ${where}
    group by 1, 2, 3, 4
    order by 1, 3, 2, 4
    on conflict on constraint usage_dimension_rollups_group_key do update set ${sql.raw(accumulate('usage_dimension_rollups'))}`;
}

/**
 * Adds freshly inserted usage rows (by generation id) to the three rollups, in the caller's
 * transaction: one statement that reads the batch's rows once (primary-key lookups) and
 * upserts each table's groups from them; nothing per row in JavaScript.
 */
export async function rollUpUsageRows(tx: DbOrTx, generationIds: string[]): Promise<void> {
  if (generationIds.length === 0) return;
  await tx.execute(
    prepared(sql`
    with batch as materialized (
      select * from usage_logs where generation_id in (select jsonb_array_elements_text(${JSON.stringify(generationIds)}::jsonb))
    ),${batchRollups()}`),
  );
}

let renderedBatchRollups: SQL | undefined;

/**
 * The statement's three upserts over `batch`, rendered to text once. They take no parameter, yet
 * building their 7.6 KB of SQL through drizzle's templates took about 200 µs at every flush:
 * a tenth of a millisecond per row at a quiet instance's few rows a flush.
 */
function batchRollups(): SQL {
  if (renderedBatchRollups) return renderedBatchRollups;
  const all = sql`true`;
  const query = new PgDialect().sqlToQuery(sql`
    daily as (${dailyRollup('batch', all)} returning 1),
    hourly as (${hourlyRollup('batch', all)} returning 1),
    dimensions as (${dimensionRollup('batch', all)} returning 1)
    select (select count(*) from daily) + (select count(*) from hourly) + (select count(*) from dimensions) as groups`);
  if (query.params.length > 0) throw new Error('the batch rollups must not take parameters: they are rendered once');
  return (renderedBatchRollups = sql.raw(query.sql));
}

/**
 * Rebuilds one team's rollups (or every team's) from the raw rows still stored. Only right
 * when no raw row was pruned yet: pruned rows exist only in the rollups this would replace.
 */
export async function rebuildUsageRollups(tx: DbOrTx, teamId?: string): Promise<void> {
  const scope = teamId === undefined ? sql`true` : sql`u.team_id = ${teamId}`;
  for (const table of ['usage_rollups', 'usage_hourly_rollups', 'usage_dimension_rollups']) {
    await tx.execute(teamId === undefined ? sql`delete from ${sql.identifier(table)}` : sql`delete from ${sql.identifier(table)} where team_id = ${teamId}`);
  }
  await tx.execute(dailyRollup('usage_logs', scope));
  await tx.execute(hourlyRollup('usage_logs', scope));
  await tx.execute(dimensionRollup('usage_logs', scope));
}

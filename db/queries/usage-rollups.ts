import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';

/**
 * The SQL that keeps usage_rollups and usage_dimension_rollups: raw rows grouped per team,
 * UTC hour and UTC day and added to what is there (`x = x + excluded.x`). The meter runs it
 * in its batch transaction over the rows the batch actually inserted; the migration and
 * `rebuildUsageRollups` run the same statements over every stored row.
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
const grains = `cross join (values ('hour'), ('day')) as g(grain)`;

function mainRollup(where: SQL): SQL {
  return sql`insert into usage_rollups (team_id, grain, period_start, api_key_id, requested_model, served_model, provider, credential_type, status, ${sql.raw(measureColumns)})
    select u.team_id, g.grain, date_trunc(g.grain, u.created_at, 'UTC'), u.api_key_id, u.requested_model, u.served_model, u.provider, u.credential_type, u.status, ${sql.raw(sums)}
    from usage_logs u ${sql.raw(grains)}
    where ${where}
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    order by 1, 2, 3, 4, 5, 6, 7, 8, 9
    on conflict on constraint usage_rollups_group_key do update set ${sql.raw(accumulate('usage_rollups'))}`;
}

function dimensionRollup(where: SQL): SQL {
  return sql`insert into usage_dimension_rollups (team_id, grain, period_start, dimension, value, ${sql.raw(measureColumns)})
    select u.team_id, g.grain, date_trunc(g.grain, u.created_at, 'UTC'), d.dimension, d.value, ${sql.raw(sums)}
    from usage_logs u ${sql.raw(grains)}
    cross join lateral (
      select 'user', u.end_user where u.end_user is not null
      union all select 'tag', tag from unnest(u.tags) as tag
    ) as d(dimension, value)
    where ${where}
    group by 1, 2, 3, 4, 5
    order by 1, 4, 2, 3, 5
    on conflict on constraint usage_dimension_rollups_group_key do update set ${sql.raw(accumulate('usage_dimension_rollups'))}`;
}

/** Adds freshly inserted usage rows (by generation id) to the rollups, in the caller's transaction. */
export async function rollUpUsageRows(tx: DbOrTx, generationIds: string[]): Promise<void> {
  if (generationIds.length === 0) return;
  const where = sql`u.generation_id in (select jsonb_array_elements_text(${JSON.stringify(generationIds)}::jsonb))`;
  await tx.execute(mainRollup(where));
  await tx.execute(dimensionRollup(where));
}

/**
 * Rebuilds one team's rollups (or every team's) from the raw rows still stored. Only right
 * when no raw row was pruned yet: pruned rows exist only in the rollups this would replace.
 */
export async function rebuildUsageRollups(tx: DbOrTx, teamId?: string): Promise<void> {
  const scope = teamId === undefined ? sql`true` : sql`u.team_id = ${teamId}`;
  await tx.execute(teamId === undefined ? sql`delete from usage_rollups` : sql`delete from usage_rollups where team_id = ${teamId}`);
  await tx.execute(teamId === undefined ? sql`delete from usage_dimension_rollups` : sql`delete from usage_dimension_rollups where team_id = ${teamId}`);
  await tx.execute(mainRollup(scope));
  await tx.execute(dimensionRollup(scope));
}

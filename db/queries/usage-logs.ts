import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Db } from '../client';
import { usageLogs } from '../schema';
import { insertJsonRows } from './json-insert';
import { releaseHolds } from './credit-holds';
import { upsertDailyDebits, type DailyDebit } from './credits';
import { rollUpUsageRows } from './usage-rollups';
import { mainSource, planSpans, rawOnly } from './usage-source';
import { prepared } from '../prepared';

/**
 * A usage row as the gateway hands it over. `reservedMicros` (credit held at admission) is not
 * stored: the hold itself lives in credit_holds and is released when the row is written.
 */
export type UsageRow = typeof usageLogs.$inferInsert & { reservedMicros?: number };

/**
 * Writes usage rows and their debits in one transaction, in a handful of statements whatever
 * the batch size: the usage rows (as JSON parameters, see json-insert.ts, 50 rows a statement),
 * the rollups of the rows that were new (one statement, see usage-rollups.ts), one balance update
 * for all teams, one upsert of each team's daily debit row in the ledger, one update for all keys,
 * and the release of the batch's credit holds (in the same transaction: held money turns into a debit at
 * once, never both or neither).
 *
 * Never charged twice: the generation id is the primary key of the usage row, and only rows this
 * insert actually inserted are rolled up and debited, so a batch retried after a failure (or
 * flushed twice, or replayed from the spool) charges each generation exactly once. The ledger
 * holds one debit row per team and UTC day whose amount accumulates; the per-request detail is
 * the usage log.
 *
 * Returns how many rows were new, and each debited team's balance as this transaction left it,
 * so the caller can refresh its cached balances without a query.
 */
export async function writeUsageBatch(db: Db, rows: UsageRow[]): Promise<{ written: number; balances: Map<string, number> }> {
  const balances = new Map<string, number>();
  if (rows.length === 0) return { written: 0, balances };
  return db.transaction(async (tx) => {
    const inserted = await insertJsonRows<typeof usageLogs, { generation_id: string }>(tx, usageLogs, rows, ' on conflict ("generation_id") do nothing returning "generation_id"');
    const fresh = new Set(inserted.map((row) => row.generation_id));
    const written = rows.filter((row) => fresh.has(row.generationId));

    await rollUpUsageRows(tx, [...fresh]);

    const byTeam = new Map<string, { billedByDay: Map<string, number>; billed: number }>();
    const spendByKey = new Map<string, { amount: number; at: Date }>();
    const now = new Date();
    for (const row of written) {
      const at = row.createdAt instanceof Date ? row.createdAt : now;
      const billed = row.billedMicros ?? 0;
      if (billed > 0) {
        const team = byTeam.get(row.teamId) ?? { billedByDay: new Map(), billed: 0 };
        const day = at.toISOString().slice(0, 10);
        team.billedByDay.set(day, (team.billedByDay.get(day) ?? 0) + billed);
        team.billed += billed;
        byTeam.set(row.teamId, team);
      }
      if (row.apiKeyId) {
        const current = spendByKey.get(row.apiKeyId) ?? { amount: 0, at: new Date(0) };
        spendByKey.set(row.apiKeyId, { amount: current.amount + (row.costMicros ?? 0), at: at > current.at ? at : current.at });
      }
    }

    const debited = await debitBalances(tx, [...byTeam].map(([teamId, team]) => ({ teamId, billed: team.billed })));
    const ledger: DailyDebit[] = [];
    for (const [teamId, team] of byTeam) {
      const after = debited.get(teamId)!;
      balances.set(teamId, after);
      let running = after + team.billed;
      for (const [day, billed] of [...team.billedByDay].sort(([a], [b]) => a.localeCompare(b))) {
        running -= billed;
        ledger.push({ teamId, day, amountMicros: -billed, balanceAfterMicros: running });
      }
    }
    await upsertDailyDebits(tx, ledger);
    await addKeysSpend(tx, [...spendByKey].map(([keyId, spend]) => ({ keyId, ...spend })));
    await releaseHolds(tx, rows.map((row) => row.generationId));
    return { written: fresh.size, balances };
  });
}

export async function findGeneration(db: DbOrTx, teamId: string, generationId: string) {
  const [row] = await db
    .select()
    .from(usageLogs)
    .where(and(eq(usageLogs.generationId, generationId), eq(usageLogs.teamId, teamId)))
    .limit(1);
  return row;
}

export async function listGenerations(db: DbOrTx, teamId: string, generationIds: string[]) {
  if (generationIds.length === 0) return [];
  return db
    .select()
    .from(usageLogs)
    .where(and(eq(usageLogs.teamId, teamId), inArray(usageLogs.generationId, generationIds)));
}

/**
 * Debits each team's balance by its billed sum in one statement, and returns the balances it
 * left. The rows are locked in team order first (two instances debiting overlapping teams take
 * them in the same order, so they cannot deadlock); each lock then serialises that team's
 * writers until commit, so the caller's running balances per ledger row are exact.
 */
async function debitBalances(tx: DbOrTx, debits: Array<{ teamId: string; billed: number }>): Promise<Map<string, number>> {
  const after = new Map<string, number>();
  if (debits.length === 0) return after;
  const rows = await tx.execute<{ team_id: string; balance_micros: string }>(prepared(sql`
    with debit as (select * from jsonb_to_recordset(${JSON.stringify(debits.map((debit) => ({ team_id: debit.teamId, billed: debit.billed })))}::jsonb) as d(team_id text, billed bigint)),
    locked as (select team_id from credit_balances where team_id in (select team_id from debit) order by team_id for update)
    update credit_balances b
    set balance_micros = b.balance_micros - debit.billed, total_used_micros = b.total_used_micros + debit.billed, updated_at = now()
    from debit where b.team_id = debit.team_id and b.team_id in (select team_id from locked)
    returning b.team_id, b.balance_micros::text`));
  for (const row of rows) after.set(row.team_id, Number(row.balance_micros));
  const missing = debits.find((debit) => !after.has(debit.teamId));
  if (missing) throw new Error(`No balance row for team ${missing.teamId}`);
  return after;
}

/** Adds each key's spend and moves its last use, in one statement, locking the keys in id order. */
async function addKeysSpend(tx: DbOrTx, spends: Array<{ keyId: string; amount: number; at: Date }>): Promise<void> {
  if (spends.length === 0) return;
  const json = JSON.stringify(spends.map((spend) => ({ id: spend.keyId, amount: spend.amount, at: spend.at.toISOString() })));
  await tx.execute(prepared(sql`
    with spend as (select * from jsonb_to_recordset(${json}::jsonb) as s(id text, amount bigint, at timestamptz)),
    locked as (select id from api_keys where id in (select id from spend) order by id for update)
    update api_keys k set spent_micros = k.spent_micros + spend.amount, last_used_at = spend.at
    from spend where k.id = spend.id and k.id in (select id from locked)`));
}

/**
 * Spend and request count since a moment, for one key or one quota entity of a team. Rollups
 * are written in the meter's transaction, so they are current: whole days from `since`'s next
 * UTC midnight on come from the day rollups (today's row included), the partial day before it
 * from hourly rollups and raw rows (raw alone for a key: hourly rollups carry none). Quota
 * entities are not rolled up and read raw rows on their own partial index.
 */
export async function sumUsageSince(db: DbOrTx, filter: { teamId: string; apiKeyId?: string; quotaEntityId?: string; since: Date }) {
  const conditions: SQL[] = [];
  if (filter.apiKeyId) conditions.push(sql`api_key_id = ${filter.apiKeyId}`);
  if (filter.quotaEntityId) conditions.push(sql`quota_entity_id = ${filter.quotaEntityId}`);
  let plan = rawOnly(filter.since, END_OF_TIME);
  if (!filter.quotaEntityId) {
    const nextDay = new Date(Math.ceil(filter.since.getTime() / 86_400_000) * 86_400_000);
    plan = planSpans(filter.since, nextDay, { hours: true, days: false });
    plan.day.push({ from: nextDay, to: END_OF_TIME });
  }
  const [row] = await db.execute<{ cost: string; requests: string }>(
    sql`select coalesce(sum(cost_micros), 0)::text as cost, coalesce(sum(requests), 0)::text as requests from ${mainSource(filter.teamId, plan, conditions, { hourly: !filter.apiKeyId })} as source`,
  );
  return { costMicros: Number(row?.cost ?? 0), requests: Number(row?.requests ?? 0) };
}

/** Later than any row: the open end of a range read up to now and beyond (clock skew between instances). */
const END_OF_TIME = new Date('9999-01-01T00:00:00Z');

/**
 * Deletes up to `limit` of one team's raw usage rows older than `before`, on the (team,
 * created_at) index; rows another instance is deleting are skipped, not waited for. Rollups,
 * the ledger and balances are untouched. Returns how many rows went.
 */
export async function pruneUsageRows(db: DbOrTx, teamId: string, before: Date, limit: number): Promise<number> {
  const deleted = await db.execute(sql`
    delete from usage_logs where generation_id in (
      select generation_id from usage_logs
      where team_id = ${teamId} and created_at < ${before.toISOString()}::timestamptz
      limit ${limit} for update skip locked)
    returning 1`);
  return deleted.length;
}

/** Teams that have raw usage rows older than `before`. */
export async function listTeamsWithUsageBefore(db: DbOrTx, before: Date): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    select t.id from teams t
    where exists (select 1 from usage_logs u where u.team_id = t.id and u.created_at < ${before.toISOString()}::timestamptz)`);
  return rows.map((row) => row.id);
}

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEnv } from '@/lib/env';
import { freshDatabase } from '@/test/harness';
import { usageRowFixture } from '@/test/usage-row';
import { openDatabase, type Database } from './client';
import { PREPARED_MARK, prepared } from './prepared';
import { applyLedgerEntry } from './queries/credits';
import { insertTeam } from './queries/teams';
import { writeUsageBatch } from './queries/usage-logs';

let database: Database;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  await insertTeam(database.db, { id: 'team_p', slug: 'p', name: 'P' });
  await database.db.transaction((tx) => applyLedgerEntry(tx, { teamId: 'team_p', kind: 'grant', amountMicros: 1_000_000 }));
});
afterAll(async () => database?.close());

/** The statements PGlite's one session holds prepared, by text. */
async function preparedTexts(): Promise<string[]> {
  const rows = await database.db.execute<{ statement: string }>(sql`select statement from pg_prepared_statements`);
  return rows.map((row) => row.statement);
}

describe('prepared statements on PGlite', () => {
  it('plans each run of a prepared statement with its parameters: a generic plan slowed the meter on a large usage table', async () => {
    expect(await database.db.execute(sql`show plan_cache_mode`)).toEqual([{ plan_cache_mode: 'force_custom_plan' }]);
  });

  it('keeps a marked statement prepared, once however often it runs, in a transaction too, and no other', async () => {
    for (const value of [1, 2, 3]) {
      expect(await database.db.execute(prepared(sql`select ${value}::int + 0 as marked`))).toEqual([{ marked: value }]);
      expect(await database.db.execute(sql`select ${value}::int + 0 as unmarked`)).toEqual([{ unmarked: value }]);
      await database.db.transaction(async (tx) => {
        expect(await tx.execute(prepared(sql`select ${value}::int + 1 as in_transaction`))).toEqual([{ in_transaction: value + 1 }]);
      });
    }
    const texts = await preparedTexts();
    expect(texts.filter((text) => text.includes('as marked'))).toEqual([`${PREPARED_MARK}select $1::int + 0 as marked`]);
    expect(texts.filter((text) => text.includes('as in_transaction'))).toHaveLength(1);
    expect(texts.some((text) => text.includes('as unmarked'))).toBe(false);
  });

  it("sends the usage meter's statements prepared: one text each, whatever the batch", async () => {
    let seq = 0;
    const batch = (size: number) => Array.from({ length: size }, () => usageRowFixture('team_p', `gen_prepared_${seq++}`, 10));
    for (const size of [1, 3, 7]) expect((await writeUsageBatch(database.db, batch(size))).written).toBe(size);
    const meter = (await preparedTexts()).filter((text) => /usage_logs|credit_balances|credit_holds/.test(text));
    // The insert, the rollups, the debit and the release of holds (no API key on these rows, so no key spend).
    expect(meter).toHaveLength(4);
    expect(meter.some((text) => text.includes('insert into "usage_logs"'))).toBe(true);
    expect(meter.some((text) => text.includes('with batch as materialized'))).toBe(true);
    expect(meter.some((text) => text.includes('update credit_balances'))).toBe(true);
    expect(meter.some((text) => text.includes('delete from "credit_holds"'))).toBe(true);
    const [balance] = await database.db.execute<{ balance: string }>(sql`select balance_micros::text as balance from credit_balances where team_id = 'team_p'`);
    expect(balance.balance).toBe(String(1_000_000 - 11 * 10));
  });
});

describe.skipIf(!getEnv().DATABASE_URL)('on PostgreSQL', () => {
  it('sends a marked statement unnamed, as any other: a pooler in front may not carry named statements', async () => {
    const scratch = await freshDatabase();
    const postgres = await openDatabase({ url: scratch.url, dataDir: 'memory://' });
    try {
      // In one transaction, so both statements run in the same session.
      const texts = await postgres.db.transaction(async (tx) => {
        expect(await tx.execute(prepared(sql`select ${5}::int + 0 as marked`))).toEqual([{ marked: 5 }]);
        return tx.execute<{ statement: string }>(sql`select statement from pg_prepared_statements`);
      });
      expect(texts.filter((row) => row.statement.includes('as marked'))).toEqual([]);
    } finally {
      await postgres.close();
      await scratch.drop();
    }
  });
});

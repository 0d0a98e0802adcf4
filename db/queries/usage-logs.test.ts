import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../client';
import { getBalance, listLedger, sumLedger } from './credits';
import { insertTeam } from './teams';
import { applyLedgerEntry } from './credits';
import { usageRowFixture } from '@/test/usage-row';
import { writeUsageBatch } from './usage-logs';

let database: Database;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  await insertTeam(database.db, { id: 'team_a', slug: 'a', name: 'A' });
  await database.db.transaction((tx) => applyLedgerEntry(tx, { teamId: 'team_a', kind: 'grant', amountMicros: 1_000 }));
});
afterAll(async () => database?.close());

const row = (generationId: string, billed: number) => usageRowFixture('team_a', generationId, billed);

describe('writeUsageBatch', () => {
  it('charges each generation exactly once, however often its batch is written', async () => {
    const batch = [row('gen_1', 100), row('gen_2', 50), row('gen_3', 0)];
    expect((await writeUsageBatch(database.db, batch)).written).toBe(3);
    expect((await writeUsageBatch(database.db, batch)).written).toBe(0);
    expect((await writeUsageBatch(database.db, [row('gen_2', 50), row('gen_4', 25)])).written).toBe(1);
    const balance = await getBalance(database.db, 'team_a');
    expect(balance).toEqual({ balanceMicros: 1_000 - 175, totalUsedMicros: 175, reservedMicros: 0 });
    expect(await sumLedger(database.db, 'team_a')).toBe(balance!.balanceMicros);
    // One debit row for the day, its amount the sum of the generations written, its balance the latest.
    const debits = await listLedger(database.db, 'team_a', { limit: 10, kind: 'debit' });
    const today = new Date().toISOString().slice(0, 10);
    expect(debits.map((entry) => [entry.idempotencyKey, entry.generationId, entry.amountMicros, entry.balanceAfterMicros])).toEqual([[`usage:team_a:${today}`, null, -175, 825]]);
    // Rollups count each generation once too.
    const [rollup] = await database.db.execute<{ requests: string; billed: string }>(
      sql`select sum(requests)::text as requests, sum(billed_micros)::text as billed from usage_rollups where team_id = 'team_a'`,
    );
    expect(rollup).toEqual({ requests: '4', billed: '175' });
  });

  it("puts each day's debits on that day's row, in order", async () => {
    await insertTeam(database.db, { id: 'team_d', slug: 'd', name: 'D' });
    await database.db.transaction((tx) => applyLedgerEntry(tx, { teamId: 'team_d', kind: 'grant', amountMicros: 1_000 }));
    const at = (day: string) => new Date(`${day}T23:59:59Z`);
    await writeUsageBatch(database.db, [
      { ...row('gen_d2', 20), teamId: 'team_d', createdAt: at('2025-05-02') },
      { ...row('gen_d1', 10), teamId: 'team_d', createdAt: at('2025-05-01') },
      { ...row('gen_d3', 5), teamId: 'team_d', createdAt: at('2025-05-01') },
    ]);
    const debits = (await listLedger(database.db, 'team_d', { limit: 10, kind: 'debit' })).reverse();
    expect(debits.map((entry) => [entry.idempotencyKey, entry.amountMicros, entry.balanceAfterMicros])).toEqual([
      ['usage:team_d:2025-05-01', -15, 985],
      ['usage:team_d:2025-05-02', -20, 965],
    ]);
    expect(await sumLedger(database.db, 'team_d')).toBe(965);
  });
});

describe('writeUsageBatch with more rows than one statement takes', () => {
  it('writes every row once and keeps the running balance across statements', async () => {
    await insertTeam(database.db, { id: 'team_c', slug: 'c', name: 'C' });
    await database.db.transaction((tx) => applyLedgerEntry(tx, { teamId: 'team_c', kind: 'grant', amountMicros: 100_000 }));
    const batch = Array.from({ length: 137 }, (_, index) => ({ ...row(`gen_c${index}`, index + 1), teamId: 'team_c' }));
    // A retried batch overlapping the first: only the 13 new rows count.
    expect((await writeUsageBatch(database.db, batch.slice(0, 124))).written).toBe(124);
    expect((await writeUsageBatch(database.db, batch)).written).toBe(13);
    const total = (137 * 138) / 2;
    expect(await getBalance(database.db, 'team_c')).toEqual({ balanceMicros: 100_000 - total, totalUsedMicros: total, reservedMicros: 0 });
    const debits = await listLedger(database.db, 'team_c', { limit: 200, kind: 'debit' });
    expect(debits.map((entry) => [entry.amountMicros, entry.balanceAfterMicros])).toEqual([[-total, 100_000 - total]]);
    expect(await sumLedger(database.db, 'team_c')).toBe(100_000 - total);
  });
});

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
    // Each debit row carries the balance right after it, in batch order.
    const debits = (await listLedger(database.db, 'team_a', { limit: 10, kind: 'debit' })).reverse();
    expect(debits.map((entry) => [entry.generationId, entry.amountMicros, entry.balanceAfterMicros])).toEqual([
      ['gen_1', -100, 900],
      ['gen_2', -50, 850],
      ['gen_4', -25, 825],
    ]);
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
    const debits = (await listLedger(database.db, 'team_c', { limit: 200, kind: 'debit' })).reverse();
    expect(debits).toHaveLength(137);
    let expected = 100_000;
    for (const [index, entry] of debits.entries()) {
      expected -= index + 1;
      expect([entry.generationId, entry.balanceAfterMicros]).toEqual([`gen_c${index}`, expected]);
    }
  });
});

import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import { applyLedgerEntry, getBalance } from '@/db/queries/credits';
import { insertTeam } from '@/db/queries/teams';
import { usageLogs } from '@/db/schema';
import { usageRowFixture } from '@/test/usage-row';
import { createLogger } from '../logger';
import { UsageMeter } from './usage-meter';

let database: Database;
let next = 0;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  await insertTeam(database.db, { id: 'team_m', slug: 'm', name: 'M' });
  await database.db.transaction((tx) => applyLedgerEntry(tx, { teamId: 'team_m', kind: 'grant', amountMicros: 1_000_000 }));
});
afterAll(async () => database?.close());

const row = (billed = 10) => usageRowFixture('team_m', `gen_meter_${next++}`, billed);

const stored = async () => (await database.db.select({ n: count() }).from(usageLogs))[0].n;

describe('UsageMeter', () => {
  it('writes what was buffered when a flush began, and leaves rows that arrive meanwhile to the next batch', async () => {
    const meter = new UsageMeter(database.db, { flushMs: 60_000, logger: createLogger('silent') });
    const before = await stored();
    for (let i = 0; i < 5; i++) meter.record(row());
    const flushing = meter.flush();
    for (let i = 0; i < 3; i++) meter.record(row());
    await flushing;
    // One batch of five; the three later rows wait for their own batch instead of a second transaction now.
    expect(await stored()).toBe(before + 5);
    expect(meter.size).toBe(3);
    expect(meter.pendingDebit('team_m')).toBe(30);
    await meter.close();
    expect(await stored()).toBe(before + 8);
    expect(meter.pendingDebit('team_m')).toBe(0);
  });

  it('hands each batch to listeners with the balance the write left', async () => {
    const meter = new UsageMeter(database.db, { flushMs: 60_000, logger: createLogger('silent') });
    const seen: Array<{ rows: number; balance: number | undefined }> = [];
    meter.onWritten((rows, balances) => seen.push({ rows: rows.length, balance: balances.get('team_m') }));
    meter.record(row(25));
    meter.record(row(25));
    await meter.flush();
    const balance = (await getBalance(database.db, 'team_m'))!.balanceMicros;
    expect(seen).toEqual([{ rows: 2, balance }]);
    await meter.close();
  });
});

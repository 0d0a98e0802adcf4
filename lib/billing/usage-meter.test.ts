import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Db } from '@/db/client';
import { applyLedgerEntry, getBalance } from '@/db/queries/credits';
import { insertTeam } from '@/db/queries/teams';
import { usageLogs } from '@/db/schema';
import { usageRowFixture } from '@/test/usage-row';
import { createLogger } from '../logger';
import { UsageMeter } from './usage-meter';
import { replayAbandonedSpool, UsageSpool } from './usage-spool';

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

describe('UsageMeter when the database is unreachable', () => {
  it('keeps the batch whole and retries it later: an outage is not the rows\' fault', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111 });
    const down = { transaction: () => Promise.reject(refused) } as unknown as Db;
    const meter = new UsageMeter(down, { flushMs: 60_000, logger: createLogger('silent') });
    for (let i = 0; i < 4; i++) meter.record(row());
    await expect(meter.flush()).rejects.toBe(refused);
    expect(meter.size).toBe(4);
    expect(meter.pendingDebit('team_m')).toBe(40);
    expect(meter.counters).toEqual({ splitBatches: 0, storedMinimal: 0, deadLettered: 0 });
  });
});

describe('replaying a spool', () => {
  it('writes and debits each spooled row once, however many times it is replayed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-meter-spool-'));
    try {
      const logger = createLogger('silent');
      const before = (await getBalance(database.db, 'team_m'))!.balanceMicros;
      // Two processes died holding the same rows (one had replayed the other's, then died too).
      const rows = [row(30), row(40)];
      for (let life = 0; life < 2; life++) {
        const dead = new UsageSpool(dir, logger);
        for (const spooled of rows) dead.append(spooled);
        const lock = path.join(dir, `${dead.owner}.lock`);
        writeFileSync(lock, JSON.stringify({ ...JSON.parse(readFileSync(lock, 'utf8')), pid: 2 ** 22 + 1 }));
      }
      const spool = new UsageSpool(dir, logger);
      const meter = new UsageMeter(database.db, { flushMs: 60_000, logger, spool });
      await replayAbandonedSpool(spool, meter, logger);
      expect(meter.size).toBe(0);
      expect((await getBalance(database.db, 'team_m'))!.balanceMicros).toBe(before - 70);
      await meter.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

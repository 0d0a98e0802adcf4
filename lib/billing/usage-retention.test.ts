import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import { applyLedgerEntry, getBalance, sumLedger } from '@/db/queries/credits';
import { insertTeam } from '@/db/queries/teams';
import { writeUsageBatch } from '@/db/queries/usage-logs';
import { usageReport } from '@/db/queries/usage-report';
import { usageRowFixture } from '@/test/usage-row';
import { createLogger } from '../logger';
import { createUsageRetention } from './usage-retention';

let database: Database;
const now = new Date('2025-09-30T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  await insertTeam(database.db, { id: 'team_r', slug: 'r', name: 'R' });
  await database.db.transaction((tx) => applyLedgerEntry(tx, { teamId: 'team_r', kind: 'grant', amountMicros: 10_000 }));
  const rows = Array.from({ length: 20 }, (_, index) => ({ ...usageRowFixture('team_r', `gen_r${index}`, 10), createdAt: daysAgo(index < 12 ? 40 : 5) }));
  await writeUsageBatch(database.db, rows);
});
afterAll(async () => database?.close());

describe('usage retention', () => {
  it('prunes raw rows past the retention in small batches, and reports and balances do not change', async () => {
    const report = () => usageReport(database.db, { teamId: 'team_r', from: daysAgo(60), to: now, groupBy: 'model' });
    const before = await report();
    const retention = createUsageRetention({ db: database.db, days: 30, batch: 5, pauseMs: 0, everyMs: 3_600_000, logger: createLogger('silent'), now: () => now });
    try {
      expect(await retention.sweep()).toBe(12);
      expect(await retention.sweep()).toBe(0);
    } finally {
      retention.close();
    }
    const [{ rows }] = await database.db.execute<{ rows: number }>(`select count(*)::int as rows from usage_logs`);
    expect(rows).toBe(8);
    expect(await report()).toEqual(before);
    expect(before[0]).toMatchObject({ requests: 20, costMicros: 200 });
    expect(await getBalance(database.db, 'team_r')).toMatchObject({ balanceMicros: 9_800 });
    expect(await sumLedger(database.db, 'team_r')).toBe(9_800);
  });
});

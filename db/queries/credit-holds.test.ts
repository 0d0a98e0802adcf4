import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usageRowFixture } from '@/test/usage-row';
import { openDatabase, type Database } from '../client';
import { heldCredit, settleHold, sweepExpiredHolds, takeHold, type HoldRequest } from './credit-holds';
import { applyLedgerEntry, getBalance } from './credits';
import { insertTeam } from './teams';
import { writeUsageBatch } from './usage-logs';

let database: Database;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  await insertTeam(database.db, { id: 'team_b', slug: 'b', name: 'B' });
  await database.db.transaction((tx) => applyLedgerEntry(tx, { teamId: 'team_b', kind: 'grant', amountMicros: 100 }));
});
afterAll(async () => database?.close());

const inAMinute = () => new Date(Date.now() + 60_000);
const hold = (generationId: string, creditMicros: number, extra: Partial<HoldRequest> = {}): HoldRequest => ({
  generationId,
  teamId: 'team_b',
  creditMicros,
  spendMicros: creditMicros,
  expiresAt: inAMinute(),
  ...extra,
});

describe('credit holds', () => {
  it('admit while the unheld balance is positive, settle to the real cost, and are released exactly once with the debit', async () => {
    expect(await takeHold(database.db, hold('gen_b1', 60))).toEqual({ ok: true });
    expect(await takeHold(database.db, hold('gen_b2', 60))).toEqual({ ok: true });
    // 120 held against 100: nothing unheld is left, so the third request is refused.
    expect(await takeHold(database.db, hold('gen_b3', 60))).toEqual({ ok: false, refused: 'credit' });
    // gen_b1 ends costing 5: the room it no longer needs is free at once, before its row is written.
    await settleHold(database.db, 'gen_b1', { creditMicros: 5, spendMicros: 5 });
    expect(await heldCredit(database.db, 'team_b')).toBe(65);
    expect(await takeHold(database.db, hold('gen_b3', 30))).toEqual({ ok: true });

    const row = usageRowFixture('team_b', 'gen_b1', 5);
    await writeUsageBatch(database.db, [row]);
    await writeUsageBatch(database.db, [row]);
    // A settle arriving after the row was written changes nothing.
    await settleHold(database.db, 'gen_b1', { creditMicros: 50, spendMicros: 50 });
    expect(await getBalance(database.db, 'team_b')).toEqual({ balanceMicros: 95, totalUsedMicros: 5, reservedMicros: 90 });
    await writeUsageBatch(database.db, [usageRowFixture('team_b', 'gen_b2', 0), usageRowFixture('team_b', 'gen_b3', 0)]);
    expect(await getBalance(database.db, 'team_b')).toEqual({ balanceMicros: 95, totalUsedMicros: 5, reservedMicros: 0 });
  });

  it('stop counting when they expire (a request whose process died), and are swept', async () => {
    expect(await takeHold(database.db, hold('gen_dead', 1_000, { expiresAt: new Date(Date.now() + 200) }))).toEqual({ ok: true });
    expect(await takeHold(database.db, hold('gen_next', 10))).toEqual({ ok: false, refused: 'credit' });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await heldCredit(database.db, 'team_b')).toBe(0);
    expect(await takeHold(database.db, hold('gen_next', 10))).toEqual({ ok: true });
    expect(await sweepExpiredHolds(database.db, new Date())).toBe(1);
    await writeUsageBatch(database.db, [usageRowFixture('team_b', 'gen_next', 0)]);
  });

  it('count against a key limit and a quota entity whatever the credit', async () => {
    await insertTeam(database.db, { id: 'team_q', slug: 'q', name: 'Q' });
    const entity = { id: 'customer-1', spendLimitMicros: null, requestLimit: 2, since: new Date(0) };
    const quota = (generationId: string) => ({ generationId, teamId: 'team_q', creditMicros: 0, spendMicros: 10, expiresAt: inAMinute(), entity });
    await database.db.execute(`insert into entity_quotas (team_id, entity_id, period, request_limit) values ('team_q', 'customer-1', 'total', 2)`);
    expect(await takeHold(database.db, quota('gen_q1'))).toEqual({ ok: true });
    expect(await takeHold(database.db, quota('gen_q2'))).toEqual({ ok: true });
    expect(await takeHold(database.db, quota('gen_q3'))).toEqual({ ok: false, refused: 'entity_requests' });
  });
});

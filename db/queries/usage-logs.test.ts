import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../client';
import { getBalance, sumLedger } from './credits';
import { insertTeam } from './teams';
import { applyLedgerEntry } from './credits';
import { writeUsageBatch, type UsageRow } from './usage-logs';

let database: Database;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  await insertTeam(database.db, { id: 'team_a', slug: 'a', name: 'A' });
  await database.db.transaction((tx) => applyLedgerEntry(tx, { teamId: 'team_a', kind: 'grant', amountMicros: 1_000 }));
});
afterAll(async () => database?.close());

const row = (generationId: string, billed: number): UsageRow => ({
  generationId,
  teamId: 'team_a',
  requestedModel: 'openai/gpt-4o',
  protocol: 'openai-chat',
  status: 'success',
  httpStatus: 200,
  latencyMs: 5,
  costMicros: billed,
  billedMicros: billed,
});

describe('writeUsageBatch', () => {
  it('charges each generation exactly once, however often its batch is written', async () => {
    const batch = [row('gen_1', 100), row('gen_2', 50), row('gen_3', 0)];
    expect(await writeUsageBatch(database.db, batch)).toBe(3);
    expect(await writeUsageBatch(database.db, batch)).toBe(0);
    expect(await writeUsageBatch(database.db, [row('gen_2', 50), row('gen_4', 25)])).toBe(1);
    const balance = await getBalance(database.db, 'team_a');
    expect(balance).toEqual({ balanceMicros: 1_000 - 175, totalUsedMicros: 175 });
    expect(await sumLedger(database.db, 'team_a')).toBe(balance!.balanceMicros);
  });
});

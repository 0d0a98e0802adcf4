import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../client';
import { usageLogs } from '../schema';
import { insertApiKey } from './api-keys';
import { insertTeam } from './teams';
import { topUsage } from './usage-console';
import { rebuildUsageRollups, rollUpUsageRows } from './usage-rollups';
import { insertUser } from './users';

// Issue 17: keyless calls made in the console playground (subject user:<id>) are ranked under
// "Top API keys" per person, not lumped with OIDC calls as one "No key" row.

type Row = typeof usageLogs.$inferInsert;
let database: Database;
const day = 86_400_000;
const start = Date.parse('2025-05-01T00:00:00Z');
// From mid-morning of day one to mid-afternoon of day four: raw rows at both ends, hour and day rollups between.
const range = { from: new Date(start + 10.5 * 3_600_000), to: new Date(start + 3 * day + 15.25 * 3_600_000) };
let next = 0;

const row = (at: number, cost: number, caller: { apiKeyId?: string; subject?: string }, model = 'openai/gpt-4o'): Row => ({
  generationId: `gen_pg_${String(next++).padStart(4, '0')}`,
  teamId: 'team_p',
  apiKeyId: caller.apiKeyId ?? null,
  subject: caller.subject ?? null,
  requestedModel: model,
  protocol: 'openai-chat',
  status: 'success',
  httpStatus: 200,
  inputTokens: 10,
  outputTokens: 5,
  costMicros: cost,
  billedMicros: cost,
  latencyMs: 10,
  createdAt: new Date(at),
});

const ada = { subject: 'user:user_ada' };
const bob = { subject: 'user:user_bob' };
const ci = { subject: 'ci-bot' };
const key = { apiKeyId: 'key_p_1' };

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  const { db } = database;
  await insertTeam(db, { id: 'team_p', slug: 'p', name: 'P' });
  await insertApiKey(db, { id: 'key_p_1', teamId: 'team_p', name: 'backend', prefix: 'gh_p1', hash: 'hash_p_1' });
  await insertUser(db, { id: 'user_ada', email: 'ada@example.com', name: 'Ada Admin' });
  await insertUser(db, { id: 'user_bob', email: 'bob@example.com' });
  const rows = [
    row(start + 11 * 3_600_000, 100, ada), // a whole hour of day one: read raw (the dimension is daily)
    row(start + 10.75 * 3_600_000, 40, ada), // raw: the partial hour at the start
    row(start + 1 * day + 5 * 3_600_000, 300, ada, 'anthropic/claude-sonnet-4'), // a whole day: day rollup
    row(start + 2 * day + 1 * 3_600_000, 70, bob), // day rollup
    row(start + 3 * day + 15.1 * 3_600_000, 20, bob), // raw: the partial hour at the end
    row(start + 1 * day, 500, ci), // OIDC
    row(start + 2 * day, 250, key), // an API key
    row(start + 5 * day, 999, ada), // outside the range
  ];
  await db.insert(usageLogs).values(rows.slice(0, 4));
  // Half through the meter's own rollup statement, half rebuilt as the migration does: both must agree.
  await rollUpUsageRows(db, rows.slice(0, 4).map((entry) => entry.generationId));
  await db.insert(usageLogs).values(rows.slice(4));
  await rollUpUsageRows(db, rows.slice(4).map((entry) => entry.generationId));
});
afterAll(async () => database?.close());

const shown = (ranked: Awaited<ReturnType<typeof topUsage>>) =>
  ranked.map((entry) => [entry.playgroundUser ? `playground:${entry.playgroundUser.name ?? entry.playgroundUser.email}` : (entry.keyName ?? entry.value ?? 'oidc'), entry.requests, entry.costMicros]);

describe('topUsage by key with playground calls', () => {
  it('splits keyless calls into one row per playground user and what is left for OIDC, ranked by cost', async () => {
    const ranked = await topUsage(database.db, 'team_p', { ...range, by: 'key', limit: 10 });
    expect(shown(ranked)).toEqual([
      ['oidc', 1, 500],
      ['playground:Ada Admin', 3, 440],
      ['backend', 1, 250],
      ['playground:bob@example.com', 2, 90],
    ]);
    expect(ranked.find((entry) => entry.playgroundUser?.id === 'user_ada')).toMatchObject({ value: null, keyName: null, playgroundUser: { id: 'user_ada', name: 'Ada Admin', email: 'ada@example.com' } });
  });

  it('reads raw rows when another filter is set, with the same split', async () => {
    const ranked = await topUsage(database.db, 'team_p', { ...range, model: 'openai/gpt-4o', by: 'key', limit: 10 });
    expect(shown(ranked)).toEqual([
      ['oidc', 1, 500],
      ['backend', 1, 250],
      ['playground:Ada Admin', 2, 140],
      ['playground:bob@example.com', 2, 90],
    ]);
  });

  it('keeps the limit after splitting, and the rebuilt rollups give the same answer', async () => {
    expect(shown(await topUsage(database.db, 'team_p', { ...range, by: 'key', limit: 2 }))).toEqual([
      ['oidc', 1, 500],
      ['playground:Ada Admin', 3, 440],
    ]);
    await rebuildUsageRollups(database.db, 'team_p');
    expect(shown(await topUsage(database.db, 'team_p', { ...range, by: 'key', limit: 10 }))[1]).toEqual(['playground:Ada Admin', 3, 440]);
  });
});

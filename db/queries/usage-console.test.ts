import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../client';
import { usageLogs } from '../schema';
import { insertApiKey } from './api-keys';
import { insertTeam, updateTeamSettings } from './teams';
import { rebuildUsageRollups } from './usage-rollups';
import { getGenerationDetail, hasUsage, listUsage, topUsage, usageTimeseries, type UsageCursor, type UsageFilter } from './usage-console';

type Row = typeof usageLogs.$inferInsert;

let database: Database;
const rowsA: Row[] = [];
const rowsB: Row[] = [];
const start = Date.parse('2025-03-01T00:00:00Z');
const hour = 3_600_000;
const range = { from: new Date(start), to: new Date(start + 4 * 86_400_000) };

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function generate(teamId: string, count: number, seed: number, into: Row[]) {
  const next = random(seed);
  const pick = <T>(values: T[]) => values[Math.floor(next() * values.length)];
  for (let index = 0; index < count; index += 1) {
    // Five rows share each timestamp, so ordering must fall back to the generation id.
    const at = start + Math.floor(index / 5) * 1_800_000;
    const status = pick(['success', 'success', 'success', 'error', 'aborted'] as const);
    const credentialType = pick(['system', 'system', 'byok'] as const);
    const cost = Math.floor(next() * 5_000);
    into.push({
      generationId: `gen_${teamId}_${String(index).padStart(4, '0')}_${Math.floor(next() * 1e6)}`,
      teamId,
      apiKeyId: pick([`key_${teamId}_1`, `key_${teamId}_2`, null]),
      endUser: pick(['alice', 'bob', null]),
      tags: pick([[], ['prod'], ['prod', 'eu'], ['batch']]),
      requestedModel: pick(['openai/gpt-4o', 'anthropic/claude-sonnet-4', 'google/gemini-2.5-pro', 'openai/gpt-4o-mini']),
      servedModel: null,
      provider: status === 'error' ? pick(['openai', null]) : pick(['openai', 'anthropic', 'google']),
      credentialType,
      protocol: 'openai-chat',
      status,
      httpStatus: status === 'success' ? 200 : status === 'error' ? 502 : 499,
      inputTokens: Math.floor(next() * 1_000),
      outputTokens: Math.floor(next() * 500),
      costMicros: cost,
      billedMicros: credentialType === 'system' ? cost : 0,
      latencyMs: 100 + Math.floor(next() * 900),
      ttftMs: 50,
      attempts: [{ model: 'openai/gpt-4o', provider: 'openai', credential: credentialType, status: 'success', durationMs: 90 }],
      createdAt: new Date(at),
    });
  }
}

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  const { db } = database;
  for (const team of ['team_a', 'team_b']) {
    await insertTeam(db, { id: team, slug: team, name: team });
    for (const suffix of [1, 2]) {
      await insertApiKey(db, { id: `key_${team}_${suffix}`, teamId: team, name: `${team} key ${suffix}`, prefix: `gh_${team}${suffix}`, hash: `hash_${team}_${suffix}` });
    }
  }
  generate('team_a', 180, 7, rowsA);
  // Team B uses the same models, users, tags and timestamps, so only the team id keeps them apart.
  generate('team_b', 120, 11, rowsB);
  await db.insert(usageLogs).values([...rowsA, ...rowsB]);
  // Real rows carry microseconds; a cursor rounded to milliseconds would skip some of these.
  await db.execute(sql`update usage_logs set created_at = created_at + interval '250 microseconds' where right(split_part(generation_id, '_', 4), 1) = '3'`);
  // The rows went in around the meter, so their rollups are built here, as the migration does.
  await rebuildUsageRollups(db);
});
afterAll(async () => database?.close());

/** The stored timestamp in microseconds: rows whose index ends in 3 were moved 250 µs later. */
const micros = (row: Row) => (row.createdAt as Date).getTime() * 1_000 + (row.generationId.split('_')[3].endsWith('3') ? 250 : 0);
const newestFirst = (a: Row, b: Row) => micros(b) - micros(a) || (a.generationId < b.generationId ? 1 : a.generationId > b.generationId ? -1 : 0);

async function collect(filter: UsageFilter, limit: number) {
  const ids: string[] = [];
  let cursor: UsageCursor | undefined;
  for (let pages = 0; pages < 1_000; pages += 1) {
    const page = await listUsage(database.db, 'team_a', { ...filter, cursor, limit });
    ids.push(...page.rows.map((row) => row.generationId));
    if (!page.nextCursor) return ids;
    expect(page.rows).toHaveLength(limit);
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

describe('listUsage', () => {
  it('walks every row exactly once, newest first, across equal and sub-millisecond timestamps', async () => {
    const expected = [...rowsA].sort(newestFirst).map((row) => row.generationId);
    for (const limit of [1, 7, 50, 500]) expect(await collect(range, limit)).toEqual(expected);
  });

  it('applies each filter alone and together', async () => {
    const cases: [Partial<UsageFilter>, (row: Row) => boolean][] = [
      [{ model: 'openai/gpt-4o' }, (row) => row.requestedModel === 'openai/gpt-4o'],
      [{ provider: 'anthropic' }, (row) => row.provider === 'anthropic'],
      [{ apiKeyId: 'key_team_a_2' }, (row) => row.apiKeyId === 'key_team_a_2'],
      [{ endUser: 'alice' }, (row) => row.endUser === 'alice'],
      [{ tag: 'eu' }, (row) => row.tags!.includes('eu')],
      [{ status: 'error' }, (row) => row.status === 'error'],
      [{ model: 'openai/gpt-4o-mini', status: 'success', tag: 'prod' }, (row) => row.requestedModel === 'openai/gpt-4o-mini' && row.status === 'success' && row.tags!.includes('prod')],
      [{ from: new Date(start + 6 * hour), to: new Date(start + 12 * hour) }, (row) => micros(row) >= (start + 6 * hour) * 1_000 && micros(row) < (start + 12 * hour) * 1_000],
    ];
    for (const [filter, keep] of cases) {
      const expected = rowsA.filter(keep).sort(newestFirst).map((row) => row.generationId);
      expect(expected.length).toBeGreaterThan(0);
      expect(await collect({ ...range, ...filter }, 9)).toEqual(expected);
    }
  });

  it("never returns another team's rows, even for its key ids", async () => {
    const all = await collect(range, 1_000);
    expect(all.every((id) => id.startsWith('gen_team_a_'))).toBe(true);
    expect(await collect({ ...range, apiKeyId: 'key_team_b_1' }, 50)).toEqual([]);
  });

  it("joins the key's name and prefix, never its hash", async () => {
    const { rows } = await listUsage(database.db, 'team_a', { ...range, apiKeyId: 'key_team_a_1', limit: 1 });
    expect(rows[0]).toMatchObject({ keyName: 'team_a key 1', keyPrefix: 'gh_team_a1' });
    expect(JSON.stringify(rows)).not.toContain('hash_');
  });

  it('tells a team that never called from one that has', async () => {
    await insertTeam(database.db, { id: 'team_empty', slug: 'team_empty', name: 'Empty' });
    expect(await hasUsage(database.db, 'team_empty')).toBe(false);
    expect(await hasUsage(database.db, 'team_a')).toBe(true);
  });
});

describe('usageTimeseries', () => {
  it('sums per bucket and group, folds the rest into other, and fills empty buckets', async () => {
    const rows = await usageTimeseries(database.db, 'team_a', { ...range, bucket: 'day', groupBy: 'model', groups: 2, timeZone: 'UTC' });
    expect([...new Set(rows.map((row) => row.bucket))]).toEqual(['2025-03-01T00:00', '2025-03-02T00:00', '2025-03-03T00:00', '2025-03-04T00:00']);
    // 180 rows at 5 per half hour cover 18 hours: the last three days are empty.
    expect(rows.filter((row) => row.bucket !== '2025-03-01T00:00')).toEqual(
      ['2025-03-02T00:00', '2025-03-03T00:00', '2025-03-04T00:00'].map((bucket) => ({
        bucket, group: null, isOther: false, requests: 0, costMicros: 0, billedMicros: 0, inputTokens: 0, outputTokens: 0,
      })),
    );
    const named = rows.filter((row) => row.group !== null);
    expect(named).toHaveLength(2);
    expect(rows.filter((row) => row.isOther)).toHaveLength(1);
    const sum = (list: { costMicros?: number | null; requests?: number; billedMicros?: number | null; inputTokens?: number | null }[], field: 'costMicros' | 'billedMicros' | 'inputTokens') =>
      list.reduce((total, row) => total + Number(row[field] ?? 0), 0);
    for (const field of ['costMicros', 'billedMicros', 'inputTokens'] as const) expect(sum(rows, field)).toBe(sum(rowsA, field));
    expect(rows.reduce((total, row) => total + row.requests, 0)).toBe(rowsA.length);
    const byModel = new Map<string, number>();
    for (const row of rowsA) byModel.set(row.requestedModel, (byModel.get(row.requestedModel) ?? 0) + row.costMicros!);
    const topTwo = [...byModel].sort((a, b) => b[1] - a[1]).slice(0, 2);
    expect(named.map((row) => [row.group, row.costMicros])).toEqual(topTwo);
  });

  it('buckets by hour in the given time zone and groups missing providers', async () => {
    const day = { from: new Date(start), to: new Date(start + 86_400_000) };
    const rows = await usageTimeseries(database.db, 'team_a', { ...day, bucket: 'hour', groupBy: 'provider', groups: 10, timeZone: 'America/New_York' });
    const buckets = [...new Set(rows.map((row) => row.bucket))];
    expect(buckets).toHaveLength(24);
    expect(buckets[0]).toBe('2025-02-28T19:00');
    expect(rows.some((row) => row.group === '(none)')).toBe(rowsA.some((row) => row.provider === null));
    expect(rows.some((row) => row.isOther)).toBe(false);
  });

  it("leaves out other teams' rows", async () => {
    const rows = await usageTimeseries(database.db, 'team_a', { ...range, bucket: 'day', groupBy: 'provider', groups: 10, timeZone: 'UTC' });
    expect(rows.reduce((total, row) => total + row.requests, 0)).toBe(rowsA.length);
  });
});

describe('topUsage', () => {
  it('ranks keys by cost with their names, and only this team', async () => {
    const top = await topUsage(database.db, 'team_a', { ...range, by: 'key', limit: 10 });
    const expected = new Map<string | null, number>();
    for (const row of rowsA) expected.set(row.apiKeyId ?? null, (expected.get(row.apiKeyId ?? null) ?? 0) + row.costMicros!);
    expect(top.map((row) => [row.value, row.costMicros])).toEqual([...expected].sort((a, b) => b[1] - a[1]));
    expect(top.find((row) => row.value === 'key_team_a_1')).toMatchObject({ keyName: 'team_a key 1', keyPrefix: 'gh_team_a1' });
    expect(top.find((row) => row.value === null)).toMatchObject({ keyName: null });
  });

  it('leaves anonymous calls out of the user ranking and respects filters and limit', async () => {
    const users = await topUsage(database.db, 'team_a', { ...range, by: 'user', limit: 10 });
    expect(users.map((row) => row.value).sort()).toEqual(['alice', 'bob']);
    const models = await topUsage(database.db, 'team_a', { ...range, status: 'error', by: 'model', limit: 2 });
    expect(models).toHaveLength(2);
    const errors = rowsA.filter((row) => row.status === 'error' && row.requestedModel === models[0].value);
    expect(models[0].requests).toBe(errors.length);
  });
});

describe('getGenerationDetail', () => {
  it("returns the team's own generation with its attempts and ZDR setting, and nothing for another team's", async () => {
    const own = rowsA[3];
    await updateTeamSettings(database.db, 'team_a', { zeroDataRetention: true });
    const detail = await getGenerationDetail(database.db, 'team_a', own.generationId);
    expect(detail).toMatchObject({ generationId: own.generationId, zeroDataRetention: true, attempts: own.attempts });
    expect(await getGenerationDetail(database.db, 'team_a', rowsB[3].generationId)).toBeUndefined();
    expect(await getGenerationDetail(database.db, 'team_b', own.generationId)).toBeUndefined();
  });
});

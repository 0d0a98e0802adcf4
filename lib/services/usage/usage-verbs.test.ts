import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import { insertApiKey } from '@/db/queries/api-keys';
import { insertMembership } from '@/db/queries/memberships';
import { insertTeam } from '@/db/queries/teams';
import { rebuildUsageRollups } from '@/db/queries/usage-rollups';
import { insertUser } from '@/db/queries/users';
import { usageLogs } from '@/db/schema';
import { createSecretBox } from '../../crypto/secrets';
import { GatewayError } from '../../gateway/errors';
import type { Actor, ServiceContext } from '../context';
import { getGeneration } from './get-generation';
import { getTopUsage } from './get-top-usage';
import { getUsageTimeseries } from './get-usage-timeseries';
import { listUsage } from './list-usage';
import { encodeUsageCursor } from './usage-cursor';
import { parseUsageSearch, resolveRange, usageSearchString, type UsageSearch } from './usage-params';

let database: Database;
const now = new Date('2025-03-10T12:00:00Z');
const models = ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4', 'google/gemini-2.5-flash'];

const context = (actor: Actor): ServiceContext => ({
  db: database.db,
  actor,
  secrets: createSecretBox('x'.repeat(32)),
  invalidate: { apiKeys() {}, team() {}, catalog() {}, async providerFacts() {} },
});
const viewer = () => context({ kind: 'user', userId: 'user_viewer', isInstanceAdmin: false });
const outsider = () => context({ kind: 'user', userId: 'user_outsider', isInstanceAdmin: false });

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  const { db } = database;
  for (const team of ['acme', 'globex']) {
    await insertTeam(db, { id: `team_${team}`, slug: team, name: team });
    await insertApiKey(db, { id: `key_${team}`, teamId: `team_${team}`, name: `${team} prod`, prefix: `gh_${team}`, hash: `secret-hash-${team}` });
  }
  await insertUser(db, { id: 'user_viewer', email: 'viewer@example.com' });
  await insertUser(db, { id: 'user_outsider', email: 'outsider@example.com' });
  await insertMembership(db, { teamId: 'team_acme', userId: 'user_viewer', role: 'viewer' });
  await insertMembership(db, { teamId: 'team_globex', userId: 'user_outsider', role: 'owner' });
  const rows: (typeof usageLogs.$inferInsert)[] = [];
  for (const team of ['acme', 'globex']) {
    for (let index = 0; index < 30; index += 1) {
      rows.push({
        generationId: `gen_${team}_${String(index).padStart(2, '0')}`,
        teamId: `team_${team}`,
        apiKeyId: `key_${team}`,
        endUser: index % 2 ? 'alice' : null,
        tags: index % 3 ? ['prod'] : [],
        requestedModel: models[index % 3],
        provider: models[index % 3].split('/')[0],
        credentialType: index % 4 ? 'system' : 'byok',
        protocol: 'openai-chat',
        status: index % 5 ? 'success' : 'error',
        httpStatus: index % 5 ? 200 : 502,
        inputTokens: 100,
        outputTokens: 10,
        // Claude's calls read part of their prompt from the cache: its hit rate is 40 %.
        cachedInputTokens: index % 3 === 1 ? 40 : 0,
        cacheWriteTokens: index % 3 === 1 ? 20 : 0,
        costMicros: 1_000 * (index + 1),
        billedMicros: index % 4 ? 1_000 * (index + 1) : 0,
        latencyMs: 300,
        attempts: [{ model: models[index % 3], provider: 'openai', credential: 'system', status: 'success', durationMs: 280 }],
        // An hour apart, the newest a minute before `now`.
        createdAt: new Date(now.getTime() - index * 3_600_000 - 60_000),
      });
    }
  }
  await db.insert(usageLogs).values(rows);
  // The rows went in around the meter, so their rollups are built here, as the migration does.
  await rebuildUsageRollups(db);
});
afterAll(async () => database?.close());

const search = (query: string): UsageSearch => {
  const parsed = parseUsageSearch(new URLSearchParams(query));
  if (!parsed.success) throw parsed.error;
  return parsed.data;
};

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('usage read verbs', () => {
  it('let a viewer read and page through the log with opaque cursors', async () => {
    const first = await listUsage({ ctx: viewer(), input: { team: 'acme', search: search('range=7d'), limit: 20, now } });
    expect(first.data).toHaveLength(20);
    expect(first.data[0]).toMatchObject({ generationId: 'gen_acme_00', createdAt: '2025-03-10T11:59:00.000Z', keyName: 'acme prod', keyPrefix: 'gh_acme' });
    expect(JSON.stringify(first)).not.toContain('secret-hash');
    const second = await listUsage({ ctx: viewer(), input: { team: 'acme', search: search('range=7d'), cursor: first.nextCursor!, limit: 20, now } });
    expect(second.data.map((row) => row.generationId)).toEqual(Array.from({ length: 10 }, (_, index) => `gen_acme_${index + 20}`));
    expect(second.nextCursor).toBeNull();
  });

  it('reject a user who is not a member of the team as not found, for every verb', async () => {
    const input = { team: 'acme', search: search(''), now };
    const calls = [
      listUsage({ ctx: outsider(), input }),
      getUsageTimeseries({ ctx: outsider(), input: { ...input, groupBy: 'model', timeZone: 'UTC' } }),
      getTopUsage({ ctx: outsider(), input: { ...input, by: ['model'], limit: 5 } }),
      getGeneration({ ctx: outsider(), input: { team: 'acme', generationId: 'gen_acme_00' } }),
    ];
    for (const call of calls) expect((await rejection(call)).code).toBe('not_found');
  });

  it("does not show another team's generation through this team", async () => {
    expect((await rejection(getGeneration({ ctx: viewer(), input: { team: 'acme', generationId: 'gen_globex_00' } }))).code).toBe('not_found');
    const own = await getGeneration({ ctx: viewer(), input: { team: 'acme', generationId: 'gen_acme_00' } });
    expect(own).toMatchObject({ requestedModel: 'openai/gpt-4o-mini', zeroDataRetention: false, attempts: [{ durationMs: 280 }] });
  });

  it('refuses a forged cursor and a reversed range as invalid requests', async () => {
    const forged = encodeUsageCursor({ createdAt: 'yesterday', generationId: 'gen_x' });
    expect((await rejection(listUsage({ ctx: viewer(), input: { team: 'acme', search: search(''), cursor: forged, now } }))).code).toBe('invalid_request');
    expect((await rejection(listUsage({ ctx: viewer(), input: { team: 'acme', search: search('from=2025-03-05&to=2025-03-01'), now } }))).param).toBe('from');
  });

  it('tells an empty range of an active team from a team without calls', async () => {
    const empty = await listUsage({ ctx: viewer(), input: { team: 'acme', search: search('from=2024-01-01&to=2024-01-31'), now } });
    expect(empty).toMatchObject({ data: [], nextCursor: null, teamHasUsage: true });
  });

  it('builds chart series with totals matching the log, and top lists by key', async () => {
    const series = await getUsageTimeseries({ ctx: viewer(), input: { team: 'acme', search: search('range=24h'), groupBy: 'provider', timeZone: 'UTC', groups: 2, now } });
    expect(series.range.bucket).toBe('hour');
    expect(series.points).toHaveLength(24);
    expect(series.series).toEqual([
      { name: 'google', other: false },
      { name: 'anthropic', other: false },
      { name: 'Other', other: true },
    ]);
    const inRange = Array.from({ length: 24 }, (_, index) => index);
    expect(series.total.requests).toBe(inRange.length);
    expect(series.total.costMicros).toBe(inRange.reduce((sum, index) => sum + 1_000 * (index + 1), 0));
    const sumOfPoints = series.points.reduce((sum, point) => sum + point.series.reduce((inner, item) => inner + item.requests, 0), 0);
    expect(sumOfPoints).toBe(series.total.requests);

    const top = await getTopUsage({ ctx: viewer(), input: { team: 'acme', search: search('status=error'), by: ['key', 'user'], limit: 5, now } });
    expect(top.data.key).toEqual([expect.objectContaining({ value: 'key_acme', keyName: 'acme prod', requests: 6 })]);
    expect(top.data.user).toEqual([expect.objectContaining({ value: 'alice', requests: 3 })]);
  });

  it('answers for the period before the range with the same filters and bucket size (the charts’ comparison line)', async () => {
    const input = { team: 'acme', groupBy: 'model' as const, timeZone: 'UTC', now };
    const previous = await getUsageTimeseries({ ctx: viewer(), input: { ...input, search: search('range=24h'), period: 'previous' } });
    expect(previous.range).toMatchObject({ from: '2025-03-08T12:00:00.000Z', to: '2025-03-09T12:00:00.000Z', bucket: 'hour' });
    expect(previous.points).toHaveLength(24);
    // Rows 24 to 29 (an hour apart, back from a minute before `now`) fall 24 to 48 hours back.
    expect(previous.total.requests).toBe(6);
    expect(previous.total.costMicros).toBe([24, 25, 26, 27, 28, 29].reduce((sum, index) => sum + 1_000 * (index + 1), 0));
    const current = await getUsageTimeseries({ ctx: viewer(), input: { ...input, search: search('range=24h') } });
    expect(current.previous).toMatchObject({ requests: previous.total.requests, costMicros: previous.total.costMicros });
    // Errors are every fifth row: only row 25 of those six.
    const errors = await getUsageTimeseries({ ctx: viewer(), input: { ...input, search: search('range=24h&status=error'), period: 'previous' } });
    expect(errors.total.requests).toBe(1);
  });

  it('sums cached input per model from rollups and raw rows, for the cache hit rate', async () => {
    // 7 days: whole days from day rollups, whole hours from hour rollups, the ends from raw rows.
    const top = await getTopUsage({ ctx: viewer(), input: { team: 'acme', search: search('range=7d'), by: ['model'], limit: 5, now } });
    const byModel = new Map(top.data.model!.map((item) => [item.value, item]));
    expect(byModel.get('anthropic/claude-sonnet-4')).toMatchObject({ requests: 10, inputTokens: 1_000, cachedInputTokens: 400, cacheWriteTokens: 200 });
    expect(byModel.get('openai/gpt-4o-mini')).toMatchObject({ inputTokens: 1_000, cachedInputTokens: 0 });
  });
});

describe('usage search parameters', () => {
  it('resolve presets and whole-day custom ranges, choosing hourly buckets for short ones', () => {
    expect(resolveRange(search(''), now)).toEqual({ from: new Date('2025-03-03T12:00:00Z'), to: now, preset: '7d', bucket: 'day' });
    expect(resolveRange(search('range=24h'), now)).toMatchObject({ from: new Date('2025-03-09T12:00:00Z'), bucket: 'hour' });
    expect(resolveRange(search('from=2025-03-01&to=2025-03-02'), now)).toEqual({
      from: new Date('2025-03-01T00:00:00Z'),
      to: new Date('2025-03-03T00:00:00Z'),
      preset: 'custom',
      bucket: 'hour',
    });
    expect(() => resolveRange(search('from=2023-01-01&to=2025-01-01'), now)).toThrow(RangeError);
  });

  it('reject unknown statuses and malformed dates, and ignore cleared fields', () => {
    expect(parseUsageSearch(new URLSearchParams('status=weird')).success).toBe(false);
    expect(parseUsageSearch(new URLSearchParams('from=2025-02-30')).success).toBe(false);
    expect(parseUsageSearch({ model: '', tag: 'prod' })).toMatchObject({ success: true, data: { model: undefined, tag: 'prod' } });
  });

  it('write one canonical query string per search, leaving defaults out', () => {
    expect(usageSearchString(search('tag=prod&range=7d&model=openai%2Fgpt-4o'))).toBe('model=openai%2Fgpt-4o&tag=prod');
    expect(usageSearchString(search('range=30d&to=2025-01-01'))).toBe('range=30d');
    expect(usageSearchString(search('from=2025-01-01&range=24h'))).toBe('from=2025-01-01');
  });
});

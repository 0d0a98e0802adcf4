import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../client';
import { usageLogs } from '../schema';
import { insertApiKey } from './api-keys';
import { HISTOGRAM_BOUNDS, HISTOGRAM_BUCKETS, histogramQuantile } from './latency-histogram';
import { insertTeam } from './teams';
import { listUsage, topUsage, usageTimeseries } from './usage-console';
import { writeUsageBatch } from './usage-logs';
import { likePattern } from './usage-match';
import { rebuildUsageRollups } from './usage-rollups';
import { previousRange, usageHealth, usageSuggestions, usageTotals } from './usage-trends';
import { insertUser } from './users';

type Row = typeof usageLogs.$inferInsert;

let database: Database;
let serial = 0;
const H = 3_600_000;

function row(teamId: string, at: string | number, patch: Partial<Row> = {}): Row {
  serial += 1;
  return {
    generationId: `gen_trend_${String(serial).padStart(6, '0')}`,
    teamId,
    requestedModel: 'openai/gpt-4o',
    provider: 'openai',
    credentialType: 'byok',
    protocol: 'openai-chat',
    status: 'success',
    httpStatus: 200,
    inputTokens: 10,
    outputTokens: 5,
    costMicros: 100,
    billedMicros: 0,
    latencyMs: 400,
    ttftMs: null,
    attempts: [],
    createdAt: new Date(at),
    ...patch,
  };
}

/** Writes rows the way the meter does (rollups in the same transaction), in batches of `size`. */
async function meter(rows: Row[], size = 7) {
  for (let index = 0; index < rows.length; index += size) await writeUsageBatch(database.db, rows.slice(index, index + size));
}

/** The bucket a value falls in, as width_bucket computes it. */
const bucketOf = (value: number) => HISTOGRAM_BOUNDS.filter((bound) => value >= bound).length;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  const { db } = database;
  for (const team of ['team_t', 'team_dst', 'team_other']) await insertTeam(db, { id: team, slug: team, name: team });
  await insertUser(db, { id: 'usr_ada', email: 'ada@example.com', name: 'Ada' });
  await insertUser(db, { id: 'usr_bo', email: 'bo@example.com' });
  await insertApiKey(db, { id: 'key_ada', teamId: 'team_t', name: 'Ada key', prefix: 'gh_ada', hash: 'hash_ada', createdBy: 'usr_ada' });
  await insertApiKey(db, { id: 'key_bo', teamId: 'team_t', name: 'Bo key', prefix: 'gh_bo', hash: 'hash_bo', createdBy: 'usr_bo' });
  await insertApiKey(db, { id: 'key_orphan', teamId: 'team_t', name: 'Orphan', prefix: 'gh_orp', hash: 'hash_orp', createdBy: null });
}, 60_000);

afterAll(async () => {
  await database?.close();
});

describe('text filters', () => {
  const day = Date.parse('2025-05-01T00:00:00Z');
  const range = { from: new Date(day), to: new Date(day + 86_400_000) };
  beforeAll(async () => {
    const models = ['x/a_b', 'x/aXb', 'x/100%', 'x/1000', 'anthropic/claude-sonnet-4', 'Anthropic/CLAUDE-haiku', 'x/back\\slash'];
    const rows = models.flatMap((model, index) => [row('team_t', day + index * H + 60_000, { requestedModel: model, tags: [`tag_${index}`, index % 2 ? 'odd' : 'even'] })]);
    await meter(rows);
    await meter([row('team_other', day + H, { requestedModel: 'x/a_b' })]);
  });

  it('escapes LIKE wildcards and the escape character', () => {
    expect(likePattern('*a_b*')).toBe('%a\\_b%');
    expect(likePattern('100%*')).toBe('100\\%%');
    expect(likePattern('back\\slash')).toBe('back\\\\slash');
    expect(likePattern('**claude***')).toBe('%claude%');
  });

  const models = async (model: string) => (await listUsage(database.db, 'team_t', { ...range, model, limit: 50 })).rows.map((item) => item.requestedModel).sort();
  const chartRequests = async (model: string) =>
    (await usageTimeseries(database.db, 'team_t', { ...range, model, bucket: 'hour', groupBy: 'model', groups: 8, timeZone: 'UTC' })).reduce((sum, item) => sum + item.requests, 0);

  it('matches exact text exactly and * patterns case-insensitively, with % and _ literal', async () => {
    expect(await models('claude')).toEqual([]);
    expect(await models('*claude*')).toEqual(['Anthropic/CLAUDE-haiku', 'anthropic/claude-sonnet-4']);
    expect(await models('anthropic/*')).toEqual(['Anthropic/CLAUDE-haiku', 'anthropic/claude-sonnet-4']);
    expect(await models('*a_b*')).toEqual(['x/a_b']);
    expect(await models('*100%*')).toEqual(['x/100%']);
    expect(await models('*back\\slash')).toEqual(['x/back\\slash']);
    expect(await models('x/a_b')).toEqual(['x/a_b']);
  });

  it('applies the same match on rollups (charts) as on raw rows (the list)', async () => {
    // The range is whole hours: the chart reads only hourly rollups.
    for (const pattern of ['*claude*', '*a_b*', '*100%*', 'x/1000', '*']) expect(await chartRequests(pattern)).toBe((await models(pattern)).length);
  });

  it('matches tags by pattern, and the tag top list counts each row once per matching tag', async () => {
    const rows = (await listUsage(database.db, 'team_t', { ...range, tag: 'tag_*', limit: 50 })).rows;
    expect(rows).toHaveLength(7);
    expect((await listUsage(database.db, 'team_t', { ...range, tag: 'TAG\\_*', limit: 50 })).rows).toHaveLength(0);
    const top = await topUsage(database.db, 'team_t', { ...range, by: 'tag', limit: 20 });
    expect(top.find((item) => item.value === 'even')?.requests).toBe(4);
    expect(top.find((item) => item.value === 'odd')?.requests).toBe(3);
    // With another filter the ranking is read from raw rows; the numbers agree.
    const filtered = await topUsage(database.db, 'team_t', { ...range, model: '*claude*', by: 'tag', limit: 20 });
    expect(filtered.map((item) => [item.value, item.requests]).sort()).toEqual([['even', 1], ['odd', 1], ['tag_4', 1], ['tag_5', 1]]);
  });

  it('suggests known values containing the typed text, most used first, capped, from this team only', async () => {
    const suggest = (field: 'model' | 'tag', query: string, limit = 20) => usageSuggestions(database.db, 'team_t', { field, query, ...range, limit });
    expect((await suggest('model', 'CLAUDE')).map((item) => item.value).sort()).toEqual(['Anthropic/CLAUDE-haiku', 'anthropic/claude-sonnet-4']);
    expect((await suggest('model', '_')).map((item) => item.value)).toEqual(['x/a_b']);
    expect((await suggest('model', '%')).map((item) => item.value)).toEqual(['x/100%']);
    expect(await suggest('model', 'x/', 2)).toHaveLength(2);
    expect((await suggest('tag', 'ev')).map((item) => item.value)).toEqual(['even']);
    expect(await usageSuggestions(database.db, 'team_other', { field: 'model', query: 'claude', ...range, limit: 20 })).toEqual([]);
  });
});

describe('latency histograms', () => {
  it('reads quantiles inside the bucket holding the rank, null for nothing', () => {
    const counts = new Array(HISTOGRAM_BUCKETS).fill(0);
    expect(histogramQuantile(counts, 0.5)).toBeNull();
    // 100 values: 50 in [100, 150), 50 in [1000, 1500).
    counts[bucketOf(120)] = 50;
    counts[bucketOf(1_200)] = 50;
    expect(bucketOf(120)).toBe(3);
    expect(histogramQuantile(counts, 0.5)).toBe(150);
    expect(histogramQuantile(counts, 0.25)).toBe(125);
    expect(histogramQuantile(counts, 0.95)).toBe(1_450);
    // Everything in the open last bucket reports its lower bound.
    const slow = new Array(HISTOGRAM_BUCKETS).fill(0);
    slow[HISTOGRAM_BUCKETS - 1] = 3;
    expect(histogramQuantile(slow, 0.95)).toBe(120_000);
  });

  it('keeps histograms in the hourly rollups that equal the raw rows, batch after batch, and equal a rebuild', async () => {
    const hour = Date.parse('2025-06-01T10:00:00Z');
    const latencies = [5, 30, 99, 100, 260, 260, 800, 1_499, 2_600, 45_000, 200_000];
    const rows = latencies.map((latency, index) => row('team_t', hour + index * 60_000, { latencyMs: latency, ttftMs: index % 2 ? Math.floor(latency / 2) : null, requestedModel: 'h/model' }));
    rows.push(row('team_t', hour + 30 * 60_000, { latencyMs: 7, status: 'error', httpStatus: 502, requestedModel: 'h/model' }));
    await meter(rows, 3);
    const range = { from: new Date(hour), to: new Date(hour + H) };
    const [point] = await usageHealth(database.db, 'team_t', { ...range, model: 'h/model', bucket: 'hour', timeZone: 'UTC' });
    const expected = new Array(HISTOGRAM_BUCKETS).fill(0);
    for (const latency of latencies) expected[bucketOf(latency)] += 1;
    const expectedTtft = new Array(HISTOGRAM_BUCKETS).fill(0);
    rows.forEach((item) => item.status === 'success' && item.ttftMs != null && (expectedTtft[bucketOf(item.ttftMs)] += 1));
    expect(point).toEqual({ bucket: '2025-06-01T10:00', requests: 12, errors: 1, latency: expected, ttft: expectedTtft });
    // The error's 7 ms counts only when errors are asked for.
    const [errors] = await usageHealth(database.db, 'team_t', { ...range, model: 'h/model', status: 'error', bucket: 'hour', timeZone: 'UTC' });
    expect(errors.latency[0]).toBe(1);
    expect(errors.latency.reduce((sum, count) => sum + count, 0)).toBe(1);
    // Read from raw rows (an end-user filter matches every row here), the same.
    const [raw] = await usageHealth(database.db, 'team_t', { ...range, model: 'h/model', app: '*', bucket: 'hour', timeZone: 'UTC' });
    expect(raw.requests).toBe(0); // no app recorded: the filter really went to raw rows
    const before = await database.db.execute(`select latency_histogram, ttft_histogram, requests from usage_hourly_rollups where team_id = 'team_t' order by period_start, requested_model, status`);
    await database.db.transaction((tx) => rebuildUsageRollups(tx, 'team_t'));
    const after = await database.db.execute(`select latency_histogram, ttft_histogram, requests from usage_hourly_rollups where team_id = 'team_t' order by period_start, requested_model, status`);
    expect(after).toEqual(before);
  });
});

describe('time zones', () => {
  beforeAll(async () => {
    // One call every UTC hour around both of 2025's daylight-saving changes in Berlin.
    const rows: Row[] = [];
    for (const day of ['2025-03-29', '2025-10-25']) {
      const start = Date.parse(`${day}T00:00:00Z`);
      for (let index = 0; index < 72; index += 1) rows.push(row('team_dst', start + index * H + 120_000, { latencyMs: 100 + index, status: index % 4 === 0 ? 'error' : 'success' }));
    }
    await meter(rows, 50);
  });

  const series = (from: string, to: string, bucket: 'hour' | 'day') =>
    usageTimeseries(database.db, 'team_dst', { from: new Date(from), to: new Date(to), bucket, groupBy: 'model', groups: 8, timeZone: 'Europe/Berlin' });

  it('makes local days of 23 and 25 hours across the changes', async () => {
    const spring = await series('2025-03-29T00:00:00Z', '2025-04-01T00:00:00Z', 'day');
    expect(spring.map((item) => [item.bucket, item.requests])).toEqual([
      ['2025-03-29T00:00', 23], // from 01:00 local
      ['2025-03-30T00:00', 23],
      ['2025-03-31T00:00', 24],
      ['2025-04-01T00:00', 2], // 00:00–01:59 local of April 1 are still March 31 in UTC
    ]);
    const autumn = await series('2025-10-25T00:00:00Z', '2025-10-28T00:00:00Z', 'day');
    expect(autumn.map((item) => [item.bucket, item.requests])).toEqual([
      ['2025-10-25T00:00', 22],
      ['2025-10-26T00:00', 25],
      ['2025-10-27T00:00', 24],
      ['2025-10-28T00:00', 1],
    ]);
    const health = await usageHealth(database.db, 'team_dst', { from: new Date('2025-10-25T00:00:00Z'), to: new Date('2025-10-28T00:00:00Z'), bucket: 'day', timeZone: 'Europe/Berlin' });
    expect(health.map((item) => item.requests)).toEqual([22, 25, 24, 1]);
    expect(health.reduce((sum, item) => sum + item.errors, 0)).toBe(18);
  });

  it('shows the skipped hour empty and the repeated hour as one local hour holding both', async () => {
    const spring = await series('2025-03-30T00:00:00Z', '2025-03-30T03:00:00Z', 'hour');
    expect(spring.map((item) => [item.bucket, item.requests])).toEqual([
      ['2025-03-30T01:00', 1],
      ['2025-03-30T02:00', 0],
      ['2025-03-30T03:00', 1],
      ['2025-03-30T04:00', 1],
    ]);
    const autumn = await usageHealth(database.db, 'team_dst', { from: new Date('2025-10-26T00:00:00Z'), to: new Date('2025-10-26T03:00:00Z'), bucket: 'hour', timeZone: 'Europe/Berlin' });
    expect(autumn.map((item) => [item.bucket, item.requests])).toEqual([
      ['2025-10-26T02:00', 2],
      ['2025-10-26T03:00', 1],
    ]);
  });

  it('reads a half-hour zone from raw rows into its own hours', async () => {
    const kolkata = await usageTimeseries(database.db, 'team_dst', {
      from: new Date('2025-03-29T00:00:00Z'),
      to: new Date('2025-03-29T02:00:00Z'),
      bucket: 'hour',
      groupBy: 'model',
      groups: 8,
      timeZone: 'Asia/Kolkata',
    });
    // Calls at 00:02Z and 01:02Z are 05:32 and 06:32 local.
    expect(kolkata.map((item) => [item.bucket, item.requests])).toEqual([
      ['2025-03-29T05:00', 1],
      ['2025-03-29T06:00', 1],
      ['2025-03-29T07:00', 0],
    ]);
  });
});

describe('previous period and members', () => {
  const day = Date.parse('2025-07-10T00:00:00Z');
  beforeAll(async () => {
    const rows: Row[] = [];
    // Previous period (July 8–9): 5 calls; current (July 10–11): 9 calls.
    for (let index = 0; index < 5; index += 1) rows.push(row('team_t', day - 2 * 86_400_000 + index * 5 * H + 20 * 60_000, { apiKeyId: 'key_ada', costMicros: 1_000 }));
    const current: Array<Partial<Row>> = [
      { apiKeyId: 'key_ada', costMicros: 500 },
      { apiKeyId: 'key_ada', costMicros: 500, status: 'error', httpStatus: 502 },
      { apiKeyId: 'key_bo', costMicros: 300 },
      { apiKeyId: 'key_orphan', costMicros: 50 },
      { apiKeyId: null, subject: 'user:usr_ada', costMicros: 250 },
      { apiKeyId: null, subject: 'repo:acme/api:ref:main', costMicros: 700 },
      { apiKeyId: null, subject: 'repo:acme/api:ref:main', costMicros: 10, requestedModel: 'x/other' },
      { apiKeyId: null, subject: null, costMicros: 1 },
      { apiKeyId: 'key_bo', costMicros: 5 },
    ];
    current.forEach((patch, index) => rows.push(row('team_t', day + index * 4 * H + 45 * 60_000, patch)));
    await meter(rows, 4);
  });

  it('sums the previous period like the current one', async () => {
    const current = { from: new Date(day + 10 * 60_000), to: new Date(day + 2 * 86_400_000 + 10 * 60_000) };
    const previous = previousRange(current);
    expect(previous).toEqual({ from: new Date(day - 2 * 86_400_000 + 10 * 60_000), to: current.from });
    expect(await usageTotals(database.db, 'team_t', previous)).toEqual({ requests: 5, errors: 0, costMicros: 5_000, billedMicros: 0, inputTokens: 50, outputTokens: 25 });
    const totals = await usageTotals(database.db, 'team_t', current);
    expect(totals).toMatchObject({ requests: 9, errors: 1, costMicros: 2_316 });
    expect(await usageTotals(database.db, 'team_t', { ...current, model: 'x/*' })).toMatchObject({ requests: 1, costMicros: 10 });
  });

  it('ranks members: key creators and keyless subjects, playground calls joined to their member', async () => {
    const range = { from: new Date(day), to: new Date(day + 2 * 86_400_000) };
    const top = await topUsage(database.db, 'team_t', { ...range, by: 'member', limit: 10 });
    expect(top.map((item) => [item.value, item.costMicros, item.requests, item.label, item.detail])).toEqual([
      ['user:usr_ada', 1_250, 3, 'Ada', 'ada@example.com'],
      ['repo:acme/api:ref:main', 710, 2, 'repo:acme/api:ref:main', 'OIDC subject'],
      ['user:usr_bo', 305, 2, 'bo@example.com', null],
      ['key:key_orphan', 50, 1, 'Key Orphan', 'no creator on record'],
    ]);
    // Partial days at both ends (raw rows) and a filter (raw keyless rows) give the same kind of answer.
    const shifted = await topUsage(database.db, 'team_t', { from: new Date(day + 30 * 60_000), to: new Date(day + 2 * 86_400_000 - H), by: 'member', limit: 10 });
    expect(shifted.map((item) => [item.value, item.costMicros])).toEqual(top.map((item) => [item.value, item.costMicros]));
    const filtered = await topUsage(database.db, 'team_t', { ...range, model: 'openai/*', by: 'member', limit: 10 });
    expect(filtered.find((item) => item.value === 'repo:acme/api:ref:main')?.costMicros).toBe(700);
    expect(filtered.find((item) => item.value === 'user:usr_ada')?.requests).toBe(3);
  });
});

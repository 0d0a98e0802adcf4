import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../client';
import { applyLedgerEntry } from './credits';
import { insertTeam } from './teams';
import { listUsage, topUsage, usageTimeseries, type UsageCursor, type UsageFilter } from './usage-console';
import { sumUsageSince, writeUsageBatch, type UsageRow } from './usage-logs';
import { usageReport, type UsageReportFilter, type UsageReportGroup } from './usage-report';

/**
 * Rows written through the meter's batch write (so rollups are maintained as in production),
 * then every report grouping and filter compared with sums computed here from the raw rows,
 * over a range that starts and ends mid-hour: raw edges, hour and day rollups all take part.
 */
let database: Database;
const rows: UsageRow[] = [];
const start = Date.parse('2025-06-01T00:00:00Z');
const range = { from: new Date(start + 90 * 60_000 + 17_000), to: new Date(start + 3 * 86_400_000 + 5 * 3_600_000 + 42 * 60_000) };

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  for (const team of ['team_a', 'team_b']) {
    await insertTeam(database.db, { id: team, slug: team, name: team });
    await database.db.transaction((tx) => applyLedgerEntry(tx, { teamId: team, kind: 'grant', amountMicros: 1e9 }));
  }
  let state = 3;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(values: T[]) => values[Math.floor(next() * values.length)];
  for (let index = 0; index < 400; index += 1) {
    const status = pick(['success', 'success', 'error'] as const);
    const cost = Math.floor(next() * 1_000);
    const credentialType = pick(['system', 'byok', null]);
    rows.push({
      generationId: `gen_${index}`,
      teamId: index % 4 === 0 ? 'team_b' : 'team_a',
      apiKeyId: pick(['key_1', 'key_2', null]),
      endUser: pick(['alice', 'bob', null]),
      tags: pick([[], ['prod'], ['prod', 'eu']]),
      requestedModel: pick(['openai/gpt-4o', 'anthropic/claude-sonnet-4']),
      servedModel: pick([null, 'openai/gpt-4o-2024']),
      provider: status === 'error' ? pick(['openai', null]) : pick(['openai', 'anthropic']),
      credentialType,
      protocol: 'openai-chat',
      status,
      httpStatus: status === 'success' ? 200 : 502,
      inputTokens: Math.floor(next() * 100),
      outputTokens: Math.floor(next() * 50),
      cachedInputTokens: Math.floor(next() * 10),
      cacheWriteTokens: Math.floor(next() * 5),
      reasoningTokens: Math.floor(next() * 7),
      costMicros: cost,
      billedMicros: credentialType === 'system' ? cost : 0,
      latencyMs: 10,
      createdAt: new Date(start + Math.floor(next() * 4 * 86_400_000)),
    });
  }
  for (let at = 0; at < rows.length; at += 64) await writeUsageBatch(database.db, rows.slice(at, at + 64));
  // A retried batch must not count twice in the rollups.
  await writeUsageBatch(database.db, rows.slice(0, 64));
});
afterAll(async () => database?.close());

type Sums = { requests: number; costMicros: number; inputTokens: number; outputTokens: number; cachedInputTokens: number; cacheWriteTokens: number; reasoningTokens: number };

function expectedReport(filter: UsageReportFilter) {
  const groups = new Map<string | null, Sums>();
  const inRange = rows.filter((row) => row.teamId === filter.teamId && row.createdAt! >= filter.from && row.createdAt! < filter.to);
  for (const row of inRange) {
    const served = row.servedModel ?? row.requestedModel;
    if (filter.endUser !== undefined && row.endUser !== filter.endUser) continue;
    if (filter.model !== undefined && served !== filter.model) continue;
    if (filter.provider !== undefined && row.provider !== filter.provider) continue;
    if (filter.credentialType !== undefined && row.credentialType !== filter.credentialType) continue;
    if (filter.apiKeyId !== undefined && row.apiKeyId !== filter.apiKeyId) continue;
    if (filter.tags?.length && !row.tags!.some((tag) => filter.tags!.includes(tag))) continue;
    const iso = row.createdAt!.toISOString();
    const keys: Array<string | null> = {
      day: [iso.slice(0, 10)],
      hour: [`${iso.slice(0, 13)}:00:00Z`],
      user: [row.endUser ?? null],
      model: [served],
      tag: row.tags!.filter((tag) => !filter.tags?.length || filter.tags.includes(tag)),
      provider: [row.provider ?? null],
      credential_type: [row.credentialType ?? null],
      api_key: [row.apiKeyId ?? null],
    }[filter.groupBy];
    for (const key of keys) {
      const sums = groups.get(key) ?? { requests: 0, costMicros: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
      sums.requests += 1;
      sums.costMicros += row.costMicros ?? 0;
      sums.inputTokens += row.inputTokens ?? 0;
      sums.outputTokens += row.outputTokens ?? 0;
      sums.cachedInputTokens += row.cachedInputTokens ?? 0;
      sums.cacheWriteTokens += row.cacheWriteTokens ?? 0;
      sums.reasoningTokens += row.reasoningTokens ?? 0;
      groups.set(key, sums);
    }
  }
  return [...groups].map(([key, sums]) => ({ key, ...sums }));
}

const byKey = <T extends { key: string | null }>(list: T[]) => [...list].sort((a, b) => String(a.key).localeCompare(String(b.key)));

describe('usage read from rollups', () => {
  const groupings: UsageReportGroup[] = ['day', 'hour', 'user', 'model', 'tag', 'provider', 'credential_type', 'api_key'];
  const filters: Array<Partial<UsageReportFilter>> = [
    {},
    { endUser: 'bob' },
    { tags: ['eu'] },
    { model: 'openai/gpt-4o-2024' },
    { provider: 'openai', credentialType: 'system' },
    { endUser: 'alice', tags: ['prod'] },
    { apiKeyId: 'key_2' },
  ];
  for (const groupBy of groupings) {
    for (const extra of filters) {
      it(`reports by ${groupBy} with ${JSON.stringify(extra)} as the raw rows sum`, async () => {
        const filter: UsageReportFilter = { teamId: 'team_a', ...range, groupBy, ...extra };
        const report = await usageReport(database.db, filter);
        expect(byKey(report)).toEqual(byKey(expectedReport(filter)));
        if (groupBy === 'day' || groupBy === 'hour') expect(report.map((row) => row.key)).toEqual([...report.map((row) => row.key)].sort());
      });
    }
  }

  it('sums a key\'s spend since a mid-hour moment as the raw rows do, retried batch included once', async () => {
    const expected = rows.filter((row) => row.teamId === 'team_a' && row.apiKeyId === 'key_1' && row.createdAt! >= range.from);
    const sum = await sumUsageSince(database.db, { teamId: 'team_a', apiKeyId: 'key_1', since: range.from });
    expect(sum).toEqual({ costMicros: expected.reduce((total, row) => total + (row.costMicros ?? 0), 0), requests: expected.length });
  });

  it('ranks models over a range that starts and ends mid-hour as the raw rows sum', async () => {
    const top = await topUsage(database.db, 'team_a', { ...range, by: 'model', limit: 10, status: 'success' });
    const expected = new Map<string, number>();
    for (const row of rows) {
      if (row.teamId !== 'team_a' || row.status !== 'success' || row.createdAt! < range.from || row.createdAt! >= range.to) continue;
      expected.set(row.requestedModel, (expected.get(row.requestedModel) ?? 0) + 1);
    }
    expect(Object.fromEntries(top.map((row) => [row.value, row.requests]))).toEqual(Object.fromEntries(expected));
  });

  const inRange = (row: UsageRow) => row.teamId === 'team_a' && row.createdAt! >= range.from && row.createdAt! < range.to;

  it('ranks keys (hourly rollups carry none: edge hours read raw) as the raw rows sum', async () => {
    const top = await topUsage(database.db, 'team_a', { ...range, by: 'key', limit: 10 });
    const expected = new Map<string | null, number>();
    for (const row of rows.filter(inRange)) expected.set(row.apiKeyId ?? null, (expected.get(row.apiKeyId ?? null) ?? 0) + (row.costMicros ?? 0));
    expect(new Map(top.map((row) => [row.value, row.costMicros]))).toEqual(expected);
  });

  it('charts one key per hour over a mid-hour range as the raw rows sum', async () => {
    const series = await usageTimeseries(database.db, 'team_a', { ...range, apiKeyId: 'key_2', bucket: 'hour', groupBy: 'provider', groups: 5, timeZone: 'UTC' });
    const expected = new Map<string, number>();
    for (const row of rows.filter((row) => inRange(row) && row.apiKeyId === 'key_2')) {
      const hour = row.createdAt!.toISOString().slice(0, 13);
      expected.set(hour, (expected.get(hour) ?? 0) + 1);
    }
    const actual = new Map<string, number>();
    for (const point of series) if (point.requests > 0) actual.set(point.bucket.slice(0, 13), (actual.get(point.bucket.slice(0, 13)) ?? 0) + point.requests);
    expect(actual).toEqual(expected);
  });

  it('sums a team\'s spend since a mid-hour moment (day rollups up to now) as the raw rows do', async () => {
    const expected = rows.filter((row) => row.teamId === 'team_b' && row.createdAt! >= range.from);
    const sum = await sumUsageSince(database.db, { teamId: 'team_b', since: range.from });
    expect(sum).toEqual({ costMicros: expected.reduce((total, row) => total + (row.costMicros ?? 0), 0), requests: expected.length });
  });

  const pages: Array<[string, Partial<UsageFilter>]> = [
    ['a model', { model: 'openai/gpt-4o' }],
    ['a key', { apiKeyId: 'key_1' }],
    ['a key, a model and a status', { apiKeyId: 'key_2', model: 'anthropic/claude-sonnet-4', status: 'success' }],
    ['a tag', { tag: 'eu' }],
  ];
  for (const [name, filter] of pages) {
    it(`pages through ${name} (bounded by the rollups) exactly as the raw rows`, async () => {
      const seen: string[] = [];
      let cursor: UsageCursor | undefined;
      do {
        const page = await listUsage(database.db, 'team_a', { ...range, ...filter, limit: 3, cursor });
        seen.push(...page.rows.map((row) => row.generationId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const expected = rows
        .filter((row) => inRange(row) && (!filter.model || row.requestedModel === filter.model) && (!filter.apiKeyId || row.apiKeyId === filter.apiKeyId) && (!filter.status || row.status === filter.status) && (!filter.tag || Boolean(row.tags?.includes(filter.tag))))
        .sort((a, b) => b.createdAt!.getTime() - a.createdAt!.getTime() || b.generationId.localeCompare(a.generationId))
        .map((row) => row.generationId);
      expect(seen).toEqual(expected);
    });
  }
});

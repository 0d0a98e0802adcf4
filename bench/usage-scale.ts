/**
 * Usage at scale: query latency over many usage rows, bytes per row, and the meter's write rate.
 *
 *   npm run bench:usage -- [--rows 10000000] [--meter-rows 20000] [--meter-only] [--keep]      (DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
 *
 * Creates a scratch database next to DATABASE_URL's, migrates it, seeds `--rows` usage rows over
 * the last 90 days across 20 teams (one holds 30%) with generate_series, builds their rollups
 * with rebuildUsageRollups (the meter's own upserts over all rows) and one daily ledger debit
 * per team and day, then prints the p95 of 20 warm calls of each console, credits, report and
 * generation query, the bytes per usage row including its indexes, and the rows per second the
 * meter (rollups and ledger included) writes into PostgreSQL and into PGlite.
 */
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { openDatabase, type Db } from '@/db/client';
import { getBalance, listLedgerPage } from '@/db/queries/credits';
import { listUsage, topUsage, usageTimeseries, type UsageFilter } from '@/db/queries/usage-console';
import { findGeneration, type UsageRow } from '@/db/queries/usage-logs';
import { usageReport } from '@/db/queries/usage-report';
import { usageHealth, usageSuggestions, usageTotals } from '@/db/queries/usage-trends';
import { rebuildUsageRollups } from '@/db/queries/usage-rollups';
import { UsageMeter } from '@/lib/billing/usage-meter';
import { createLogger } from '@/lib/logger';
import { getEnv } from '@/lib/env';

const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const ROWS = Number(argument('--rows') ?? 10_000_000);
const TEAMS = 20;
const BIG_TEAM = 'team_01';
const METER_ROWS = Number(argument('--meter-rows') ?? 20_000);
/** Skips the seeded rows and the queries: only the meter's write rates. */
const METER_ONLY = process.argv.includes('--meter-only');

const adminUrl = getEnv().DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scratchName = `gatehouse_usage_scale_${process.pid}`;
const scratchUrl = Object.assign(new URL(adminUrl), { pathname: `/${scratchName}` }).toString();
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${scratchName}`);
try {
  await run();
} finally {
  if (process.argv.includes('--keep')) console.log(`kept ${scratchUrl}`);
  else await admin.unsafe(`drop database if exists ${scratchName} with (force)`);
  await admin.end({ timeout: 5 });
}

async function run() {
  const database = await openDatabase({ url: scratchUrl, dataDir: 'memory://', statementTimeoutMs: 3_600_000, transactionTimeoutMs: 3_600_000 });
  const client = postgres(scratchUrl, { max: 1, onnotice: () => {} });
  try {
    if (METER_ONLY) {
      await seedTeams(client);
      console.log(`meter into PostgreSQL: ${(await meterRate(database.db, client)).toFixed(0)} rows/s (${METER_ROWS} rows, rollups and daily ledger included)`);
    } else {
      await measureScale(client, database.db);
    }
  } finally {
    await client.end({ timeout: 5 });
    await database.close();
  }
  const lite = await openDatabase({ dataDir: 'memory://' });
  try {
    await lite.db.execute(`insert into teams (id, slug, name) select 'team_' || lpad(n::text, 2, '0'), 'team-' || n, 'Team ' || n from generate_series(1, ${TEAMS}) n`);
    await lite.db.execute(`insert into credit_balances (team_id, balance_micros) select id, 1000000000000 from teams`);
    console.log(`meter into PGlite: ${(await meterRate(lite.db)).toFixed(0)} rows/s (${METER_ROWS} rows)`);
  } finally {
    await lite.close();
  }
}

/** Seeds ROWS usage rows, then prints the query table, the sizes and the meter's rate into PostgreSQL. */
async function measureScale(client: postgres.Sql, db: Db) {
  await seed(client, db);
  const results = await measureQueries(client, db);
  const [{ bytes, rows }] = await client<{ bytes: string; rows: string }[]>`
    select pg_total_relation_size('usage_logs')::text as bytes, (select count(*) from usage_logs)::text as rows`;
  const indexes = await client<{ name: string; size: string }[]>`
    select indexrelid::regclass::text as name, pg_size_pretty(pg_relation_size(indexrelid)) as size from pg_index where indrelid = 'usage_logs'::regclass order by 1`;
  const [{ rollups, rollupBytes }] = await client<{ rollups: string; rollupBytes: string }[]>`
    select pg_size_pretty(total) as rollups, total::text as "rollupBytes" from (select pg_total_relation_size('usage_rollups') + pg_total_relation_size('usage_hourly_rollups')
      + pg_total_relation_size('usage_dimension_rollups') as total) as sizes`;
  const tables = await client<{ name: string; size: string; groups: string }[]>`
    select relname as name, pg_size_pretty(pg_total_relation_size(oid)) as size, reltuples::bigint::text as groups
    from pg_class where relname in ('usage_rollups', 'usage_hourly_rollups', 'usage_dimension_rollups') order by 1`;
  console.log(`\n| query | p95 ms | median ms |\n| --- | ---: | ---: |`);
  for (const result of results) console.log(`| ${result.name} | ${result.p95.toFixed(1)} | ${result.median.toFixed(1)} |`);
  console.log(`\nusage_logs: ${Number(rows).toLocaleString('en')} rows, ${(Number(bytes) / Number(rows)).toFixed(0)} bytes per row including indexes`);
  console.log(`  heap+toast and indexes: ${indexes.map((index) => `${index.name} ${index.size}`).join(', ')}; rollups ${rollups}, ${((100 * Number(rollupBytes)) / Number(bytes)).toFixed(1)} % of usage_logs`);
  console.log(`  ${tables.map((table) => `${table.name} ${table.size} (${Number(table.groups).toLocaleString('en')} groups)`).join(', ')}`);
  console.log(`meter into PostgreSQL: ${(await meterRate(db, client)).toFixed(0)} rows/s (${METER_ROWS} rows, rollups and daily ledger included)`);
}

/** Teams, their settings, credit balances and five API keys each. */
async function seedTeams(client: postgres.Sql) {
  await client.unsafe(`
    insert into teams (id, slug, name) select 'team_' || lpad(n::text, 2, '0'), 'team-' || n, 'Team ' || n from generate_series(1, ${TEAMS}) n;
    insert into team_settings (team_id) select id from teams;
    insert into credit_balances (team_id, balance_micros) select id, 1000000000000 from teams;
    insert into api_keys (id, team_id, name, prefix, hash)
      select 'key_' || t.id || '_' || k, t.id, 'Key ' || k, 'gh_' || substr(md5(t.id || k), 1, 6), md5(t.id || k) from teams t, generate_series(1, 5) k;
  `);
}

async function seed(client: postgres.Sql, db: Db) {
  let began = performance.now();
  await seedTeams(client);
  // Bulk load without the secondary indexes, then build them as the schema defines them.
  const definitions = await client<{ name: string; definition: string }[]>`
    select indexname as name, indexdef as definition from pg_indexes where tablename = 'usage_logs' and indexname <> 'usage_logs_pkey'`;
  for (const index of definitions) await client.unsafe(`drop index ${index.name}`);
  await client.unsafe(`
    select setseed(0.42);
    insert into usage_logs (generation_id, team_id, api_key_id, end_user, tags, requested_model, served_model, provider,
      credential_type, protocol, streamed, status, http_status, error_code, input_tokens, output_tokens, cost_micros,
      billed_micros, ttft_ms, latency_ms, attempts, created_at)
    select 'gen_' || lpad(upper(to_hex(i)), 26, '0'), team, 'key_' || team || '_' || (1 + i % 5),
      case when i % 10 < 3 then null else 'user-' || (i * 7 % 1000) end,
      case i % 10 when 0 then '{prod}'::text[] when 1 then '{prod,eu}' when 2 then '{batch}' when 3 then array['experiment-' || (i / 10 % 50)] else '{}' end,
      model, model, split_part(model, '/', 1), credential, 'openai-chat', i % 3 = 0, status,
      case status when 'success' then 200 when 'error' then 502 else 499 end,
      case status when 'error' then 'upstream_error' when 'aborted' then 'client_closed' end,
      input, output, cost, case credential when 'byok' then 0 else cost end,
      40 + (i % 400), 200 + (i % 4000),
      jsonb_build_array(jsonb_build_object('model', model, 'provider', split_part(model, '/', 1), 'credential', credential, 'status', status, 'durationMs', 200 + (i % 4000))),
      now() - interval '90 days' + (i * interval '90 days' / ${ROWS}) + (random() * interval '2 seconds')
    from (
      select i,
        case when i % 100 < 30 then 'team_01' else 'team_' || lpad((2 + (i * 31) % ${TEAMS - 1})::text, 2, '0') end as team,
        (array['openai/gpt-4o-mini','openai/gpt-4o-mini','openai/gpt-4o-mini','openai/gpt-4o','anthropic/claude-sonnet-4',
               'anthropic/claude-sonnet-4','anthropic/claude-haiku-4','google/gemini-2.5-flash','google/gemini-2.5-pro',
               'mistral/mistral-large','deepseek/deepseek-chat','xai/grok-4'])[1 + (i * 13) % 12] as model,
        case when i % 5 = 0 then 'byok' else 'system' end as credential,
        case when i / 100 % 100 < 95 then 'success' when i / 100 % 100 < 99 then 'error' else 'aborted' end as status,
        (i * 17) % 4000 as input, (i * 11) % 1500 as output, (i * 37) % 20000 as cost
      from generate_series(1, ${ROWS}) i
    ) g;
  `);
  console.log(`seeded ${ROWS.toLocaleString('en')} rows in ${seconds(began)} s`);
  began = performance.now();
  for (const index of definitions) await client.unsafe(index.definition);
  console.log(`built ${definitions.length} secondary indexes in ${seconds(began)} s`);
  began = performance.now();
  await db.transaction((tx) => rebuildUsageRollups(tx));
  // One debit row per team and day, as the meter writes them.
  await client.unsafe(`
    insert into credit_ledger (team_id, kind, amount_micros, balance_after_micros, idempotency_key, note, actor, created_at)
    select team_id, 'debit', -billed_micros, 0, 'usage:' || team_id || ':' || to_char(period_start, 'YYYY-MM-DD'), 'usage', 'gateway', period_start
    from (select team_id, period_start, sum(billed_micros) as billed_micros from usage_rollups group by 1, 2) as days order by period_start`);
  console.log(`built rollups and daily ledger in ${seconds(began)} s`);
  await client.unsafe('vacuum analyze');
}

type Result = { name: string; p95: number; median: number };

async function measureQueries(client: postgres.Sql, db: Db): Promise<Result[]> {
  const [{ now }] = await client<{ now: Date }[]>`select now() as now`;
  const to = new Date(now);
  const last = (days: number): UsageFilter => ({ from: new Date(to.getTime() - days * 86_400_000), to });
  const [{ id }] = await client<{ id: string }[]>`select generation_id as id from usage_logs where team_id = ${BIG_TEAM} offset ${Math.floor(ROWS / 10)} limit 1`;
  const today = to.toISOString().slice(0, 10);
  const startOfDay = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000);
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['usage page: first 50 rows, 7 days', () => listUsage(db, BIG_TEAM, { ...last(7), limit: 50 })],
    ['usage page: model filter', () => listUsage(db, BIG_TEAM, { ...last(7), model: 'xai/grok-4', limit: 50 })],
    ['usage page: key filter', () => listUsage(db, BIG_TEAM, { ...last(7), apiKeyId: `key_${BIG_TEAM}_3`, limit: 50 })],
    ['usage page: status=aborted', () => listUsage(db, BIG_TEAM, { ...last(7), status: 'aborted', limit: 50 })],
    ['usage page: end user', () => listUsage(db, BIG_TEAM, { ...last(30), endUser: 'user-42', limit: 50 })],
    ['usage page: rare tag', () => listUsage(db, BIG_TEAM, { ...last(30), tag: 'experiment-7', limit: 50 })],
    ['chart: 30 days by day, by model', () => usageTimeseries(db, BIG_TEAM, { ...last(30), bucket: 'day', groupBy: 'model', groups: 8, timeZone: 'UTC' })],
    ['chart: 30 days by day, Europe/Berlin', () => usageTimeseries(db, BIG_TEAM, { ...last(30), bucket: 'day', groupBy: 'provider', groups: 8, timeZone: 'Europe/Berlin' })],
    ['chart: 24 hours by hour, by provider', () => usageTimeseries(db, BIG_TEAM, { ...last(1), bucket: 'hour', groupBy: 'provider', groups: 8, timeZone: 'UTC' })],
    ['chart: 7 days, model filter', () => usageTimeseries(db, BIG_TEAM, { ...last(7), model: 'openai/gpt-4o', bucket: 'day', groupBy: 'provider', groups: 8, timeZone: 'UTC' })],
    ['top models, 30 days', () => topUsage(db, BIG_TEAM, { ...last(30), by: 'model', limit: 10 })],
    ['top keys, 30 days', () => topUsage(db, BIG_TEAM, { ...last(30), by: 'key', limit: 10 })],
    ['top end users, 30 days', () => topUsage(db, BIG_TEAM, { ...last(30), by: 'user', limit: 10 })],
    ['top members, 30 days', () => topUsage(db, BIG_TEAM, { ...last(30), by: 'member', limit: 10 })],
    ['top tags, 30 days', () => topUsage(db, BIG_TEAM, { ...last(30), by: 'tag', limit: 10 })],
    ['latency/errors: 24 hours by hour', () => usageHealth(db, BIG_TEAM, { ...last(1), bucket: 'hour', timeZone: 'UTC' })],
    ['latency/errors: 30 days by day, Europe/Berlin', () => usageHealth(db, BIG_TEAM, { ...last(30), bucket: 'day', timeZone: 'Europe/Berlin' })],
    ['previous period totals, 30 days', () => usageTotals(db, BIG_TEAM, { from: new Date(to.getTime() - 60 * 86_400_000), to: new Date(to.getTime() - 30 * 86_400_000) })],
    ['chart: 7 days, model contains "claude"', () => usageTimeseries(db, BIG_TEAM, { ...last(7), model: '*claude*', bucket: 'day', groupBy: 'provider', groups: 8, timeZone: 'UTC' })],
    ['model suggestions "gpt", 30 days', () => usageSuggestions(db, BIG_TEAM, { field: 'model', query: 'gpt', ...last(30), limit: 20 })],
    ['credits page: balance + ledger page', () => Promise.all([getBalance(db, BIG_TEAM), listLedgerPage(db, BIG_TEAM, { limit: 50 })])],
    ['/v1/report: 30 days by day', () => usageReport(db, { teamId: BIG_TEAM, from: startOfDay(30), to: startOfDay(-1), groupBy: 'day' })],
    ['/v1/report: 30 days by model', () => usageReport(db, { teamId: BIG_TEAM, from: startOfDay(30), to: startOfDay(-1), groupBy: 'model' })],
    ['/v1/report: 30 days by user', () => usageReport(db, { teamId: BIG_TEAM, from: startOfDay(30), to: startOfDay(-1), groupBy: 'user' })],
    ['/v1/report: 30 days by tag', () => usageReport(db, { teamId: BIG_TEAM, from: startOfDay(30), to: startOfDay(-1), groupBy: 'tag' })],
    ['/v1/generation by id', () => findGeneration(db, BIG_TEAM, id)],
  ];
  const results: Result[] = [];
  for (const [name, call] of cases) {
    await call();
    const timings: number[] = [];
    for (let round = 0; round < 20; round += 1) {
      const began = performance.now();
      await call();
      timings.push(performance.now() - began);
    }
    timings.sort((a, b) => a - b);
    results.push({ name, p95: timings[Math.ceil(0.95 * timings.length) - 1], median: timings[timings.length >> 1] });
  }
  return results;
}

/** Rows per second through UsageMeter: record METER_ROWS rows across the teams, then wait for the last flush. */
async function meterRate(db: Db, client?: postgres.Sql): Promise<number> {
  const meter = new UsageMeter(db, { flushMs: 50, maxBatch: 500, logger: createLogger('error') });
  const began = performance.now();
  for (let index = 0; index < METER_ROWS; index += 1) {
    const cost = (index * 37) % 20_000;
    const row: UsageRow = {
      generationId: `gen_meter_${process.pid}_${index}_${client ? 'pg' : 'lite'}`,
      teamId: `team_${String(1 + (index % TEAMS)).padStart(2, '0')}`,
      apiKeyId: client ? `key_team_${String(1 + (index % TEAMS)).padStart(2, '0')}_${1 + (index % 5)}` : null,
      endUser: index % 3 === 0 ? null : `user-${index % 500}`,
      tags: index % 4 === 0 ? ['prod'] : [],
      requestedModel: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4', 'google/gemini-2.5-flash'][index % 3],
      servedModel: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4', 'google/gemini-2.5-flash'][index % 3],
      provider: ['openai', 'anthropic', 'google'][index % 3],
      credentialType: 'system',
      protocol: 'openai-chat',
      status: 'success',
      httpStatus: 200,
      inputTokens: 100,
      outputTokens: 50,
      costMicros: cost,
      billedMicros: cost,
      latencyMs: 300,
      attempts: [{ model: 'openai/gpt-4o-mini', provider: 'openai', credential: 'system', status: 'success', durationMs: 290 }],
      createdAt: new Date(),
    };
    meter.record(row);
    // As traffic arrives: a few thousand rows per event-loop turn at most.
    if (index % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  while (meter.size > 0) await meter.flush();
  const rate = METER_ROWS / ((performance.now() - began) / 1000);
  await meter.close();
  return rate;
}

/**
 * Query plans of the console's usage queries on a million rows.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/usage-query-plan.ts [--keep]
 *
 * Creates a scratch database next to DATABASE_URL's, migrates it, inserts 1,000,000 usage
 * rows over 90 days across 20 teams (one big team holds 30% of them), then prints
 * EXPLAIN (ANALYZE, BUFFERS) and timings for the exact SQL the query functions send
 * (captured from the driver): with the schema's indexes, with the indexes proposed for the
 * usage view, and with an optional covering variant for the aggregates. The scratch
 * database is dropped at the end unless --keep.
 */
import { performance } from 'node:perf_hooks';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { openDatabase, type Db } from '@/db/client';
import * as schema from '@/db/schema';
import { listUsage, topUsage, usageTimeseries, type UsageCursor, type UsageFilter } from '@/db/queries/usage-console';
import { getEnv } from '@/lib/env';

const ROWS = 1_000_000;
const TEAMS = 20;
const BIG_TEAM = 'team_01';

/** Index changes proposed for the schema, applied in the second pass. */
const proposedIndexes = [
  // Keyset order (created_at desc, generation_id desc) straight from the index, with no sort
  // step; it also serves everything the (team_id, created_at) index it replaces did.
  `drop index usage_logs_team_created_idx`,
  `create index usage_logs_team_created_idx on usage_logs (team_id, created_at, generation_id)`,
  // Failed and aborted calls are a few percent of rows: the status filter reads only them.
  `create index usage_logs_team_failed_idx on usage_logs (team_id, status, created_at) where status <> 'success'`,
  `create index usage_logs_team_end_user_idx on usage_logs (team_id, end_user, created_at) where end_user is not null`,
  `create index usage_logs_tags_idx on usage_logs using gin (tags)`,
];

/** Optional, third pass: the same keyset index carrying what charts and top lists sum, for index-only scans. */
const coveringIndex = [
  `drop index usage_logs_team_created_idx`,
  `create index usage_logs_team_created_idx on usage_logs (team_id, created_at, generation_id, requested_model, provider, api_key_id, end_user, status, cost_micros, billed_micros, input_tokens, output_tokens)`,
];

const adminUrl = getEnv().DATABASE_URL ?? process.argv.find((arg) => arg.startsWith('postgres'));
if (!adminUrl) {
  console.error('Set DATABASE_URL to a PostgreSQL server this user may create databases on.');
  process.exit(1);
}
const scratchName = `gatehouse_usage_bench_${process.pid}`;
const scratchUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${scratchName}`;
  return url.toString();
})();

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
  const migrated = await openDatabase({ url: scratchUrl, dataDir: 'memory://' });
  await migrated.close();

  // A client of our own, so the SQL each query function sends can be captured and explained.
  let captured: { query: string; parameters: unknown[] } | undefined;
  const client = postgres(scratchUrl, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query, parameters) => {
      captured = { query, parameters };
    },
  });
  const db = drizzle(client, { schema }) as unknown as Db;
  try {
    await seed(client);
    const [{ now }] = await client<{ now: Date }[]>`select max(created_at) + interval '1 second' as now from usage_logs`;
    const to = new Date(now);
    const days = (count: number): UsageFilter => ({ from: new Date(to.getTime() - count * 86_400_000), to });
    const [deep] = await client<{ cursor_at: string; generation_id: string }[]>`
      select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at, generation_id
      from usage_logs where team_id = ${BIG_TEAM} and created_at >= ${days(30).from.toISOString()}
      order by created_at desc, generation_id desc offset 50000 limit 1`;
    const cursor: UsageCursor = { createdAt: deep.cursor_at, generationId: deep.generation_id };

    const cases: { name: string; call: () => Promise<unknown>; aggregate?: boolean }[] = [
      { name: 'first page (30 days, 50 rows)', call: () => listUsage(db, BIG_TEAM, { ...days(30), limit: 50 }) },
      { name: 'deep page via cursor (after 50,000 rows)', call: () => listUsage(db, BIG_TEAM, { ...days(30), cursor, limit: 50 }) },
      { name: 'filtered page: model + status=error', call: () => listUsage(db, BIG_TEAM, { ...days(30), model: 'openai/gpt-4o-mini', status: 'error', limit: 50 }) },
      { name: 'filtered page: status=aborted', call: () => listUsage(db, BIG_TEAM, { ...days(30), status: 'aborted', limit: 50 }) },
      { name: 'filtered page: rare tag', call: () => listUsage(db, BIG_TEAM, { ...days(30), tag: 'experiment-7', limit: 50 }) },
      { name: 'filtered page: end user', call: () => listUsage(db, BIG_TEAM, { ...days(30), endUser: 'user-42', limit: 50 }) },
      {
        name: 'day timeseries, 30 days, by model (top 8 + other)',
        call: () => usageTimeseries(db, BIG_TEAM, { ...days(30), bucket: 'day', groupBy: 'model', groups: 8, timeZone: 'UTC' }),
        aggregate: true,
      },
      { name: 'top models, 30 days', call: () => topUsage(db, BIG_TEAM, { ...days(30), by: 'model', limit: 10 }), aggregate: true },
      { name: 'top end users, 30 days', call: () => topUsage(db, BIG_TEAM, { ...days(30), by: 'user', limit: 10 }), aggregate: true },
      {
        name: 'hour timeseries, 24 hours, by provider',
        call: () => usageTimeseries(db, BIG_TEAM, { ...days(1), bucket: 'hour', groupBy: 'provider', groups: 8, timeZone: 'UTC' }),
        aggregate: true,
      },
      { name: 'first page, small team (7 days)', call: () => listUsage(db, 'team_07', { ...days(7), limit: 50 }) },
    ];

    const explainAll = async (title: string, only?: (item: (typeof cases)[number]) => boolean) => {
      console.log(`\n======== ${title} ========`);
      for (const item of cases.filter(only ?? (() => true))) {
        await item.call();
        const sent = captured!;
        const timings: number[] = [];
        for (let round = 0; round < 5; round += 1) {
          const began = performance.now();
          await item.call();
          timings.push(performance.now() - began);
        }
        const plan = await client.unsafe(`explain (analyze, buffers) ${sent.query}`, sent.parameters as never[]);
        const median = [...timings].sort((a, b) => a - b)[2];
        console.log(`\n--- ${item.name}: median ${median.toFixed(1)} ms per call (5 warm calls: ${timings.map((ms) => ms.toFixed(1)).join(', ')})`);
        for (const line of plan) console.log(`  ${line['QUERY PLAN']}`);
      }
    };
    const apply = async (statements: string[]) => {
      for (const statement of statements) {
        const began = performance.now();
        await client.unsafe(statement);
        console.log(`${statement}  -- ${((performance.now() - began) / 1000).toFixed(1)} s`);
      }
      await client.unsafe('vacuum analyze usage_logs');
      const sizes = await client<{ name: string; size: string }[]>`
        select indexrelid::regclass::text as name, pg_size_pretty(pg_relation_size(indexrelid)) as size
        from pg_index where indrelid = 'usage_logs'::regclass order by 1`;
      const [{ table }] = await client<{ table: string }[]>`select pg_size_pretty(pg_relation_size('usage_logs')) as table`;
      console.log(`usage_logs heap ${table}; indexes: ${sizes.map((row) => `${row.name} ${row.size}`).join(', ')}`);
    };

    await explainAll('schema indexes');
    const offsetPlan = await client.unsafe(
      `explain (analyze, buffers) select generation_id from usage_logs where team_id = $1 and created_at >= $2 order by created_at desc, generation_id desc offset 50000 limit 50`,
      [BIG_TEAM, days(30).from.toISOString()],
    );
    console.log('\n--- for comparison, the same deep page with OFFSET 50000:');
    for (const line of offsetPlan) console.log(`  ${line['QUERY PLAN']}`);


    console.log('\n======== applying the proposed indexes ========');
    await apply(proposedIndexes);
    await explainAll('with the proposed indexes');
    console.log('\n======== optional: covering keyset index ========');
    await apply(coveringIndex);
    await explainAll('with the covering keyset index (aggregates only)', (item) => item.aggregate === true);
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function seed(client: postgres.Sql) {
  const began = performance.now();
  await client.unsafe(`
    insert into teams (id, slug, name)
      select 'team_' || lpad(n::text, 2, '0'), 'team-' || n, 'Team ' || n from generate_series(1, ${TEAMS}) n;
    insert into team_settings (team_id) select id from teams;
    insert into api_keys (id, team_id, name, prefix, hash)
      select 'key_' || t.id || '_' || k, t.id, 'Key ' || k, 'gh_' || substr(md5(t.id || k), 1, 6), md5(t.id || k)
      from teams t, generate_series(1, 5) k;
  `);
  // In time order, as the meter writes them; team_01 takes 30% of the traffic.
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
      timestamptz '2025-01-01' + (i * interval '90 days' / ${ROWS}) + (random() * interval '2 seconds')
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
  await client.unsafe('vacuum analyze usage_logs');
  await client.unsafe('analyze');
  const counts = await client<{ team_id: string; rows: string }[]>`
    select team_id, count(*)::text as rows from usage_logs group by 1 order by count(*) desc limit 2`;
  console.log(
    `seeded ${ROWS.toLocaleString('en')} rows in ${((performance.now() - began) / 1000).toFixed(1)} s; biggest teams: ${counts.map((row) => `${row.team_id} ${row.rows}`).join(', ')}`,
  );
}

/**
 * Child process: Gatehouse's lean server (server/create-server.ts, no Next) on 127.0.0.1,
 * with PGlite in a scratch data folder (as `npm start` uses), the OpenAI provider pointed at the fake upstream, and one
 * team with credits and an API key made through the service verbs.
 *
 * The console (Next) is not loaded at start. A `{ type: 'console' }` message from the parent
 * loads it as `npm start` does (a production build in .next is needed) and serves it from then
 * on, so the bench can measure memory with the console loaded. GATEHOUSE_METRICS is passed
 * through (`0` turns Gatehouse's Prometheus metrics off, for the metrics-cost cell).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { count, eq, sql } from 'drizzle-orm';
import { usageLogs } from '@/db/schema';
import { parseEnv } from '@/lib/env';
import { createRuntime, setRuntime } from '@/lib/runtime';
import { createApiKey } from '@/lib/services/keys/create-api-key';
import { createTeam } from '@/lib/services/teams/create-team';
import { createGatehouseServer, type NextHandler } from '../server/create-server';
import { loadNext } from '../server/load-next';
import { failChild, serveChild } from './child-ipc';
import { queryCounter } from './count-queries';

/**
 * BENCH_DATABASE_URL=postgres://…: run Gatehouse on that PostgreSQL (a scratch database,
 * replacing the previous run's) instead of PGlite in a scratch folder, so database work is not
 * counted as Gatehouse's own CPU, as in a production deployment.
 */
async function benchDatabase(): Promise<string | undefined> {
  const server = process.env.BENCH_DATABASE_URL;
  if (!server) return undefined;
  const { default: postgres } = await import('postgres');
  // One database per Gatehouse child (BENCH_DATABASE_NAME), so a second one does not drop the first's.
  const name = /^[a-z][a-z0-9_]{0,62}$/.test(process.env.BENCH_DATABASE_NAME ?? '') ? process.env.BENCH_DATABASE_NAME! : 'gatehouse_bench';
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function main() {
  const upstream = process.env.BENCH_UPSTREAM_URL;
  if (!upstream) throw new Error('BENCH_UPSTREAM_URL is not set');
  const dataDir = process.env.BENCH_DATABASE_URL ? undefined : mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-'));
  if (dataDir) process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const settings: Record<string, string | undefined> = {
    DATABASE_URL: await benchDatabase(),
    // A data folder on disk, as `npm start` uses by default (PGlite's in-memory file system
    // copies the whole database each time it grows, which stalls the event loop for tens of ms).
    GATEHOUSE_DATA_DIR: dataDir ?? 'memory://',
    // As a deployment sets it (unset, the console warns and generates one on first load).
    GATEHOUSE_SECRET: randomBytes(32).toString('hex'),
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: `${upstream}/v1`,
    GATEHOUSE_LOG_LEVEL: 'error',
    GATEHOUSE_METRICS: process.env.GATEHOUSE_METRICS,
    // Unset: the default. Each stats request writes what the meter holds first (see serveChild), so
    // whatever the interval, a round is charged for the usage writes of the requests it served.
    GATEHOUSE_METER_FLUSH_MS: process.env.GATEHOUSE_METER_FLUSH_MS,
    PORT: '0',
  };
  // The console (Next) reads its settings from process.env and finds the runtime through
  // setRuntime, as under server/main.ts: without both it would open a second database.
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const env = parseEnv(settings);
  // BENCH_DIAG=1: count SQL statements and time the usage meter's flushes (small overhead).
  const diagnose = process.env.BENCH_DIAG === '1';
  const queries = diagnose ? queryCounter() : undefined;
  const runtime = await createRuntime(env, { onQuery: queries?.onQuery });
  setRuntime(Promise.resolve(runtime));
  const flushes = { count: 0, rows: 0, totalMs: 0, maxMs: 0, maxRows: 0 };
  if (diagnose) {
    const meter = runtime.gateway.meter;
    const flush = meter.flush.bind(meter);
    // The meter calls this.flush() from its timer and when a batch fills, so this sees every flush.
    meter.flush = async () => {
      const rows = meter.size;
      const started = performance.now();
      try {
        await flush();
      } finally {
        const ms = performance.now() - started;
        if (rows > 0) {
          flushes.count++;
          flushes.rows += rows;
          flushes.totalMs += ms;
          flushes.maxMs = Math.max(flushes.maxMs, ms);
          flushes.maxRows = Math.max(flushes.maxRows, rows);
        }
      }
    };
  }
  const ctx = runtime.serviceContext({ kind: 'cli' });
  // The default plan ('pro') allows 1,000 requests a minute, which a benchmark passes in
  // a fraction of a second: every later request would be a 429. 'unlimited' has no rate limits.
  const plan = process.env.BENCH_GATEHOUSE_PLAN || 'unlimited';
  const team = await createTeam({ ctx, input: { name: 'bench', plan, initialCreditsMicros: 1_000_000_000_000 } });
  const key = await createApiKey({ ctx, input: { team: team.id, name: 'bench' } });

  // Console requests 404 until the parent asks for the console (see the header).
  let consoleHandler: NextHandler | undefined;
  const server = createGatehouseServer(runtime, async (req, res) => {
    if (consoleHandler) return consoleHandler(req, res);
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"The console is not loaded."}}');
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  process.on('message', (message: { type?: string; id?: number }) => {
    if (message?.type !== 'console') return;
    loadNext(port, '127.0.0.1').then(
      (handler) => {
        consoleHandler = handler;
        process.send!({ type: 'console', id: message.id, ok: true });
      },
      (error: unknown) => process.send!({ type: 'console', id: message.id, ok: false, error: String(error).slice(0, 500) }),
    );
  });

  const { db } = runtime.database;
  serveChild({ url: `http://127.0.0.1:${port}`, apiKey: key.key, teamId: team.id, plan, database: runtime.database.kind }, async (final) => {
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
    const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
    const extra: Record<string, unknown> = {
      meterBuffered: runtime.gateway.meter.size,
      // Where the RSS is: V8's heap, memory outside it (Buffers, wasm), in MB.
      memoryMB: {
        rss: mb(rss),
        heapTotal: mb(heapTotal),
        heapUsed: mb(heapUsed),
        external: mb(external),
        arrayBuffers: mb(arrayBuffers),
        spaces: Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name.replace(/_space$/, ''), mb(space.space_size)])),
      },
    };
    if (final) {
      // Everything served must be metered: wait for the meter, then count the usage rows.
      await runtime.gateway.meter.flush();
      const [all] = await db.select({ n: count() }).from(usageLogs);
      const byStatus = await db.select({ status: usageLogs.status, n: count() }).from(usageLogs).groupBy(usageLogs.status);
      const [spent] = await db
        .select({ micros: sql<number>`coalesce(sum(${usageLogs.billedMicros}), 0)::float8` })
        .from(usageLogs)
        .where(eq(usageLogs.teamId, team.id));
      extra.usageRows = all?.n ?? 0;
      extra.usageByStatus = Object.fromEntries(byStatus.map((row) => [row.status, row.n]));
      extra.billedMicros = spent?.micros ?? 0;
      if (queries) extra.sqlStatements = queries.counts();
      if (diagnose) extra.meterFlushes = { ...flushes, totalMs: Math.round(flushes.totalMs), maxMs: Math.round(flushes.maxMs) };
    }
    return extra;
  }, () => runtime.gateway.meter.flush());
}

main().catch(failChild);

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { createGatehouseServer } from '@/server/create-server';
import { creditLedger, usageLogs } from '@/db/schema';
import { getBalance } from '@/db/queries/credits';
import { getEnv, parseEnv } from '@/lib/env';
import { createRuntime, type Runtime } from '@/lib/runtime';
import { createApiKey } from '@/lib/services/keys/create-api-key';
import { createTeam } from '@/lib/services/teams/create-team';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';
import { startFakeCohere } from './fake-upstream/cohere-rerank';
import { systemCredentialsEnv } from './fake-upstream/system-credentials';

/**
 * A fresh database for one Gatehouse under test: in-memory PGlite by default, or a new
 * database on the PostgreSQL server named by DATABASE_URL (CI runs the suite both ways).
 */
export async function freshDatabase(): Promise<{ url: string | undefined; drop(): Promise<void> }> {
  const server = getEnv().DATABASE_URL;
  if (!server) return { url: undefined, drop: async () => {} };
  const { default: postgres } = await import('postgres');
  const name = `gatehouse_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export type Gatehouse = Awaited<ReturnType<typeof startGatehouse>>;

/**
 * Gatehouse on a random port, with fake upstreams standing in for every provider it needs.
 * Fake upstreams listen on 127.0.0.1, so tests that point a team's BYOK base URL at one get
 * that address allowed, as an operator would allow a LAN host; `strictNetwork` leaves it out.
 */
export async function startGatehouse(options: { env?: Record<string, string>; strictNetwork?: boolean } = {}) {
  const upstreams = {
    openai: await startFakeUpstream({ name: 'openai' }),
    anthropic: await startFakeUpstream({ name: 'anthropic' }),
    google: await startFakeUpstream({ name: 'google' }),
    moonshotai: await startFakeUpstream({ name: 'moonshotai' }),
    groq: await startFakeUpstream({ name: 'groq' }),
  } satisfies Record<string, FakeUpstream>;
  // Cohere's rerank API, apart: it speaks none of the formats the shared fake does.
  const cohere = await startFakeCohere();
  const database = await freshDatabase();
  const env = parseEnv({
    DATABASE_URL: database.url,
    GATEHOUSE_DATA_DIR: 'memory://',
    GATEHOUSE_LOG_LEVEL: 'silent',
    GATEHOUSE_METER_FLUSH_MS: '10',
    GATEHOUSE_ADMIN_TOKEN: 'admin-token-for-tests-0123456789',
    ...systemCredentialsEnv(upstreams),
    COHERE_API_KEY: 'co-system-key',
    COHERE_BASE_URL: `${cohere.url}/v2`,
    ...(options.strictNetwork ? {} : { GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: '127.0.0.1' }),
    ...options.env,
  });
  const runtime: Runtime = await createRuntime(env);
  const server = createGatehouseServer(runtime, undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ctx = runtime.serviceContext({ kind: 'cli' });
  const db = runtime.database.db;

  return {
    url,
    /** The node:http server, for tests that watch its sockets. */
    server,
    runtime,
    upstreams,
    /** The fake Cohere (`POST /v2/rerank`) behind the `cohere` provider's system key `co-system-key`. */
    cohere,
    db,
    ctx,
    /** A team with `credits` micro-dollars and one API key. */
    async team(credits = 10_000_000) {
      const team = await createTeam({ ctx, input: { name: `team ${randomBytes(3).toString('hex')}`, initialCreditsMicros: credits || undefined } });
      const key = await createApiKey({ ctx, input: { team: team.id, name: 'test' } });
      return { ...team, key: key.key, keyId: key.id };
    },
    async flush() {
      await runtime.gateway.meter.flush();
    },
    async usage(generationId: string) {
      await runtime.gateway.meter.flush();
      const [row] = await db.select().from(usageLogs).where(eq(usageLogs.generationId, generationId));
      return row;
    },
    /** Waits until the generation's row is written (streams meter when they end). */
    async waitForUsage(generationId: string, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await runtime.gateway.meter.flush();
        const [row] = await db.select().from(usageLogs).where(eq(usageLogs.generationId, generationId));
        if (row) return row;
        if (Date.now() > deadline) throw new Error(`no usage row for ${generationId}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async balance(teamId: string) {
      await runtime.gateway.meter.flush();
      return (await getBalance(db, teamId))!.balanceMicros;
    },
    async ledger(teamId: string) {
      await runtime.gateway.meter.flush();
      return db.select().from(creditLedger).where(eq(creditLedger.teamId, teamId));
    },
    /**
     * What the ledger debited the team for usage (one row per UTC day), and what its usage rows
     * bill: equal when every request was charged exactly once.
     */
    async debitedAndBilled(teamId: string) {
      await runtime.gateway.meter.flush();
      const [debits] = await db
        .select({ total: sql<string>`coalesce(-sum(${creditLedger.amountMicros}), 0)::text` })
        .from(creditLedger)
        .where(and(eq(creditLedger.teamId, teamId), eq(creditLedger.kind, 'debit')));
      const [usage] = await db.select({ total: sql<string>`coalesce(sum(${usageLogs.billedMicros}), 0)::text` }).from(usageLogs).where(eq(usageLogs.teamId, teamId));
      return { debited: Number(debits.total), billed: Number(usage.total) };
    },
    resetUpstreams() {
      for (const upstream of Object.values(upstreams)) upstream.reset();
      cohere.reset();
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await runtime.close();
      await database.drop();
      await Promise.all([...Object.values(upstreams).map((upstream) => upstream.close()), cohere.close()]);
    },
  };
}

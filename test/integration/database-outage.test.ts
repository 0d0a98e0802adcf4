import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEnv } from '@/lib/env';
import { freshDatabase, startGatehouse, type Gatehouse } from '../harness';
import { startTcpProxy } from '../tcp-proxy';

// PGlite runs in-process: there is no network between Gatehouse and it to cut.
const server = getEnv().DATABASE_URL;

/** Bounded waits for this test: each is far below what a hang would take. */
const STATEMENT_MS = 800;
const env = {
  GATEHOUSE_DB_CONNECT_TIMEOUT_MS: '800',
  GATEHOUSE_DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS),
  GATEHOUSE_DB_TRANSACTION_TIMEOUT_MS: '2000',
  // Every request looks its key and balance up, as a request that misses the caches does.
  GATEHOUSE_CACHE_TTL_MS: '0',
};
/** The longest any request may take while the database is gone: a few deadlines in a row, and a slow shared machine. */
const BOUND_MS = 6_000;

describe.skipIf(!server)('database outage (PostgreSQL behind a TCP proxy)', () => {
  let gatehouse: Gatehouse;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let team: Awaited<ReturnType<Gatehouse['team']>>;
  let generationId: string;

  beforeAll(async () => {
    database = await freshDatabase();
    const real = new URL(database.url!);
    proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const proxied = new URL(real);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    gatehouse = await startGatehouse({ env: { ...env, DATABASE_URL: proxied.toString() } });
    team = await gatehouse.team(10_000_000);
    const served = await openai().chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    generationId = served.id;
    await gatehouse.flush();
  }, 60_000);
  afterAll(async () => {
    proxy?.restore();
    await gatehouse?.close();
    await proxy?.close();
    await database?.drop();
  });

  const openai = () => new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 });
  const timed = async <T>(work: () => Promise<T>) => {
    const started = Date.now();
    const result = await work();
    return { result, ms: Date.now() - started };
  };
  const get = (path: string, headers: Record<string, string> = {}) => timed(() => fetch(`${gatehouse.url}${path}`, { headers }));
  const auth = () => ({ authorization: `Bearer ${team.key}` });
  const admin = { authorization: 'Bearer admin-token-for-tests-0123456789' };

  async function expectUnavailable(response: { result: Response; ms: number }) {
    expect(response.result.status).toBe(503);
    expect(Number(response.result.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(response.ms).toBeLessThan(BOUND_MS);
    const body = (await response.result.json()) as { error: { code: string } };
    expect(body.error.code).toBe('database_unavailable');
  }

  async function expectEveryDoorUnavailable() {
    const call = await timed(() =>
      openai()
        .chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }] })
        .then(() => undefined, (error: unknown) => error as InstanceType<typeof OpenAI.APIError>),
    );
    expect(call.result?.status).toBe(503);
    expect(call.result?.code).toBe('database_unavailable');
    expect(Number(call.result?.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(call.ms).toBeLessThan(BOUND_MS);

    gatehouse.ctx.invalidate.catalog();
    await expectUnavailable(await get('/v1/models'));
    await expectUnavailable(await get('/v1/credits', auth()));
    await expectUnavailable(await get(`/v1/generation?id=${generationId}`, auth()));
    await expectUnavailable(await get('/api/admin/teams', admin));

    const ready = await get('/readyz');
    expect(ready.result.status).toBe(503);
    expect(ready.ms).toBeLessThan(BOUND_MS);
    const report = (await ready.result.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(report.status).toBe('not_ready');
    expect(report.checks.database.ok).toBe(false);
    expect((await get('/livez')).result.status).toBe(200);
  }

  async function expectRecovery() {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const ready = await get('/readyz');
      if (ready.result.status === 200) break;
      if (Date.now() > deadline) throw new Error(`not ready again: ${await ready.result.text()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const served = await openai().chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    expect(served.choices[0].message.content).toBeTruthy();
    expect((await get('/v1/credits', auth())).result.status).toBe(200);
    expect((await get('/api/admin/teams', admin)).result.status).toBe(200);
  }

  it('reports ready, naming each check, while the database answers', async () => {
    const ready = await get('/readyz');
    expect(ready.result.status).toBe(200);
    expect(await ready.result.json()).toMatchObject({ status: 'ready', checks: { database: { ok: true }, migrations: { ok: true }, usage_log: { ok: true } } });
  });

  it('answers 503 with retry-after within the bounded wait while the database is blackholed, and recovers', async () => {
    proxy.blackhole();
    await expectEveryDoorUnavailable();
    proxy.restore();
    await expectRecovery();
  }, 90_000);

  it('answers 503 with retry-after when the database refuses connections, and recovers', async () => {
    proxy.cut();
    await expectEveryDoorUnavailable();
    proxy.restore();
    await expectRecovery();
  }, 90_000);
});

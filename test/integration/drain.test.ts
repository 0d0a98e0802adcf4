import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream';
import { startGatehouseProcess, type GatehouseProcess } from '../gatehouse-process';
import { freshDatabase } from '../harness';

// Issue 15, "Graceful drain": SIGTERM takes the instance out of rotation and lets what is in
// flight finish and be billed. PGlite in a temporary folder, or PostgreSQL when DATABASE_URL is set.
const ADMIN_TOKEN = 'admin-token-for-the-drain-test-0123456789';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exitCode(instance: GatehouseProcess): Promise<number | null> {
  if (instance.process.exitCode !== null) return Promise.resolve(instance.process.exitCode);
  return new Promise((resolve) => instance.process.once('exit', (code) => resolve(code)));
}

/** Whether a new TCP connection to `url` is refused. */
function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** A connection with a request begun but not finished: not idle, so the drain keeps it open. */
async function halfSentRequest(url: string, pathname: string): Promise<{ finish(): Promise<string> }> {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(`GET ${pathname} HTTP/1.1\r\nhost: ${hostname}:${port}\r\n`);
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  return {
    async finish() {
      socket.write('\r\n');
      await new Promise((resolve) => socket.once('close', resolve));
      return received;
    },
  };
}

describe('SIGTERM drains a Gatehouse', () => {
  let upstream: FakeUpstream;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-drain-'));
  let env: Record<string, string>;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ name: 'openai' });
    database = await freshDatabase();
    env = {
      ...(database.url && { DATABASE_URL: database.url }),
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_SECRET: 'a-secret-for-the-drain-test-0123456789abcdef',
      GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN,
      GATEHOUSE_DEFAULT_PLAN: 'unlimited',
      OPENAI_API_KEY: 'sk-system',
      OPENAI_BASE_URL: `${upstream.url}/v1`,
    };
  }, 60_000);

  afterAll(async () => {
    await database?.drop();
    await upstream?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function teamKey(instance: GatehouseProcess, slug: string): Promise<{ teamId: string; key: string }> {
    const post = async (route: string, body: unknown) => {
      const response = await fetch(`${instance.url}/api/admin${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as Record<string, string>;
    };
    const team = await post('/teams', { name: slug, slug, initialCredits: '100' });
    const { key } = await post(`/teams/${team.id}/keys`, { name: slug });
    return { teamId: team.id, key };
  }

  function stream(instance: GatehouseProcess, key: string, delayMs: number) {
    return fetch(`${instance.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o', stream: true, messages: [{ role: 'user', content: `[[delay:${delayMs}]] [[text:one two three four five six]] Hi` }] }),
    });
  }

  it('finishes and bills a stream in flight, answers /readyz 503 and refuses new connections meanwhile, then exits 0', async () => {
    const instance = await startGatehouseProcess(env);
    const { teamId, key } = await teamKey(instance, 'drain');
    const ready = await fetch(`${instance.url}/readyz`);
    expect(ready.status).toBe(200);

    const response = await stream(instance, key, 400);
    const generationId = response.headers.get('x-generation-id')!;
    const reader = response.body!.getReader();
    await reader.read();
    const probe = await halfSentRequest(instance.url, '/readyz');

    instance.process.kill('SIGTERM');
    let isRefused = false;
    for (let waited = 0; !isRefused && waited < 5_000; waited += 50) {
      isRefused = await refused(instance.url);
      if (!isRefused) await sleep(50);
    }
    expect(isRefused).toBe(true);

    const readiness = await probe.finish();
    expect(readiness).toMatch(/^HTTP\/1\.1 503/);
    expect(readiness.toLowerCase()).toContain('connection: close');
    expect(readiness).toContain('"draining"');

    let text = '';
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toContain('six');
    expect(text).toContain('data: [DONE]');
    expect(await exitCode(instance)).toBe(0);

    // What the drained instance wrote, read by a fresh connection to the same database.
    const reopened = await openDatabase({ url: database.url, dataDir });
    try {
      const rows = (await reopened.db.execute(
        sql`select billed_micros::int as billed, status from usage_logs where generation_id = ${generationId} and team_id = ${teamId}`,
      )) as unknown as Array<{ billed: number; status: string }>;
      expect(rows).toHaveLength(1);
      expect(rows[0].status).toBe('success');
      expect(rows[0].billed).toBeGreaterThan(0);
      // Usage debits are one ledger row per team and day; this team's only usage is the stream.
      const [debit] = (await reopened.db.execute(
        sql`select coalesce(sum(amount_micros), 0)::int as amount from credit_ledger where team_id = ${teamId} and kind = 'debit'`,
      )) as unknown as Array<{ amount: number }>;
      expect(debit.amount).toBe(-rows[0].billed);
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it('exits at once on a second signal, without waiting for the stream', async () => {
    const instance = await startGatehouseProcess(env);
    const { key } = await teamKey(instance, 'impatient');
    const response = await stream(instance, key, 5_000);
    const reader = response.body!.getReader();
    await reader.read();
    instance.process.kill('SIGTERM');
    await sleep(300);
    expect(instance.process.exitCode).toBeNull();
    const started = Date.now();
    instance.process.kill('SIGINT');
    expect(await exitCode(instance)).toBe(1);
    expect(Date.now() - started).toBeLessThan(3_000);
    await reader.read().catch(() => undefined);
  }, 120_000);
});

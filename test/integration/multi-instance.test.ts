import { spawn, type ChildProcess } from 'node:child_process';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEnv } from '@/lib/env';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream';
import { freshDatabase } from '../harness';

// Needs a real PostgreSQL (DATABASE_URL) and Redis; CI runs this file in its PostgreSQL pass.
const databaseUrl = getEnv().DATABASE_URL;
const redisUrl = getEnv().REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN_TOKEN = 'admin-token-for-multi-instance-0123';

type Instance = { url: string; process: ChildProcess };

function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', GATEHOUSE_SKIP_CONSOLE: '1', GATEHOUSE_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`instance did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Gatehouse on (http:\/\/\S+?) /.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1].replace('localhost', '127.0.0.1'), process: child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`instance exited with ${code}:\n${output}`)));
  });
}

describe.skipIf(!databaseUrl)('two Gatehouse processes on one PostgreSQL and one Redis', () => {
  let upstream: FakeUpstream;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const instances: Instance[] = [];

  beforeAll(async () => {
    upstream = await startFakeUpstream({ name: 'openai' });
    database = await freshDatabase();
    const env = {
      DATABASE_URL: database.url!,
      REDIS_URL: redisUrl,
      GATEHOUSE_SECRET: 'a-shared-secret-for-both-instances-0123456789',
      GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN,
      GATEHOUSE_DEFAULT_PLAN: 'unlimited',
      GATEHOUSE_METER_FLUSH_MS: '50',
      OPENAI_API_KEY: 'sk-system',
      OPENAI_BASE_URL: `${upstream.url}/v1`,
    };
    // Started together: migrations and first-start setup must not trip over each other.
    instances.push(...(await Promise.all([startInstance(env), startInstance(env)])));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      instances.map(
        (instance) =>
          new Promise<void>((resolve) => {
            instance.process.once('exit', () => resolve());
            instance.process.kill('SIGTERM');
          }),
      ),
    );
    await database?.drop();
    await upstream?.close();
  });

  it('never overdraws a team beyond one request, never loses a debit, and shares rate limits', async () => {
    const admin = (path: string, body: unknown) =>
      fetch(`${instances[0].url}/api/admin${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        (response) => response.json(),
      );
    const team = await admin('/teams', { name: 'Race', slug: 'race', initialCredits: '0.01' });
    const { key } = await admin(`/teams/${team.id}/keys`, { name: 'race' });

    let next = 0;
    const statuses: number[] = [];
    const call = async () => {
      const instance = instances[next++ % 2];
      const response = await fetch(`${instance.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }),
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    };
    // 16 at a time across both instances until the balance runs out (each call costs 100 µ$).
    for (let round = 0; round < 20 && statuses.filter((status) => status === 402).length < 16; round++) {
      await Promise.all(Array.from({ length: 16 }, call));
    }
    expect(statuses.every((status) => status === 200 || status === 402)).toBe(true);
    const served = statuses.filter((status) => status === 200).length;
    expect(served).toBeGreaterThanOrEqual(90);

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const sql = postgres(database.url!, { max: 1, onnotice: () => {} });
    try {
      const [balance] = await sql`select balance_micros::int as balance, (select count(*)::int from credit_holds where credit_holds.team_id = credit_balances.team_id) as reserved from credit_balances where team_id = ${team.id}`;
      const [ledger] = await sql`select sum(amount_micros)::int as total, count(*) filter (where kind = 'debit')::int as debits from credit_ledger where team_id = ${team.id}`;
      const [usage] = await sql`select coalesce(sum(billed_micros), 0)::int as billed, count(*) filter (where status = 'success')::int as ok, count(*)::int as rows from usage_logs where team_id = ${team.id}`;
      expect(ledger.total).toBe(balance.balance);
      expect(10_000 - balance.balance).toBe(usage.billed);
      expect(usage.billed).toBe(served * 100);
      expect(usage.ok).toBe(served);
      expect(ledger.debits).toBe(served);
      expect(usage.rows).toBe(statuses.length);
      expect(balance.balance).toBeGreaterThan(-100);
      expect(balance.reserved).toBe(0);
    } finally {
      await sql.end();
    }

    // Shared rate limit: a key limited to 5 requests a minute gets 5 through, across both instances.
    await fetch(`${instances[0].url}/api/admin/teams/${team.id}/credits`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: '10' }),
    });
    const limited = postgres(database.url!, { max: 1, onnotice: () => {} });
    const { key: limitedKey, id: limitedId } = await admin(`/teams/${team.id}/keys`, { name: 'limited' });
    await limited`update api_keys set requests_per_minute = 5 where id = ${limitedId}`;
    await limited.end();
    const limitedStatuses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        fetch(`${instances[index % 2].url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${limitedKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'openai/gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }),
        }).then(async (response) => (await response.arrayBuffer(), response.status)),
      ),
    );
    expect(limitedStatuses.filter((status) => status === 200)).toHaveLength(5);
    expect(limitedStatuses.filter((status) => status === 429)).toHaveLength(5);
  }, 120_000);
});

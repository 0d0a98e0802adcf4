import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEnv } from '@/lib/env';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream';
import { startGatehouseProcess, type GatehouseProcess } from '../gatehouse-process';
import { freshDatabase } from '../harness';

// Two Gatehouse processes on one PostgreSQL admit together what one would under a budget:
// its holds are taken under a lock on the budget's row, so at most one request passes it.
const databaseUrl = getEnv().DATABASE_URL;
const ADMIN_TOKEN = 'admin-token-for-budget-instances-0123';

describe.skipIf(!databaseUrl)('a budget shared by two Gatehouse processes', () => {
  let upstream: FakeUpstream;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const instances: GatehouseProcess[] = [];

  beforeAll(async () => {
    upstream = await startFakeUpstream({ name: 'openai' });
    database = await freshDatabase();
    const env = {
      DATABASE_URL: database.url!,
      GATEHOUSE_SECRET: 'a-shared-secret-for-both-instances-0123456789',
      GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN,
      GATEHOUSE_DEFAULT_PLAN: 'unlimited',
      GATEHOUSE_METER_FLUSH_MS: '50',
      OPENAI_API_KEY: 'sk-system',
      OPENAI_BASE_URL: `${upstream.url}/v1`,
    };
    instances.push(...(await Promise.all([startGatehouseProcess(env), startGatehouseProcess(env)])));
  }, 180_000);

  afterAll(async () => {
    for (const instance of instances) instance.process.kill('SIGTERM');
    await Promise.all(instances.map((instance) => instance.exited));
    await database?.drop();
    await upstream?.close();
  });

  const admin = (path: string, body: unknown) =>
    fetch(`${instances[0].url}/api/admin${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      (response) => response.json(),
    );

  it('never lets the two overshoot a tag budget by more than one request, and leaves no hold', async () => {
    const team = await admin('/teams', { name: 'Budget race', slug: 'budget-race', initialCredits: '1000' });
    const { key } = await admin(`/teams/${team.id}/keys`, { name: 'race' });
    const budget = await admin(`/teams/${team.id}/budgets`, { scope: 'tag', subject: 'race', period: 'day', limit: '0.002' });
    expect(budget).toMatchObject({ scope: 'tag', limitMicros: 2_000 });
    let spread = 0;
    const call = async () => {
      const response = await fetch(`${instances[spread++ % 2].url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/gpt-4o', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }], providerOptions: { gateway: { tags: ['race'] } } }),
      });
      await response.arrayBuffer();
      return response.status;
    };
    const statuses: number[] = [];
    for (let round = 0; round < 40; round++) {
      const more = await Promise.all(Array.from({ length: 20 }, call));
      statuses.push(...more);
      if (!more.includes(200)) break;
    }
    expect(statuses.every((status) => status === 200 || status === 402)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sql = postgres(database.url!, { max: 1, onnotice: () => {} });
    try {
      const [usage] = await sql`select coalesce(sum(cost_micros), 0)::int as cost, coalesce(max(cost_micros), 0)::int as dearest, count(*) filter (where status = 'success')::int as ok from usage_logs where team_id = ${team.id}`;
      const [holds] = await sql`select count(*)::int as live from credit_holds where team_id = ${team.id}`;
      expect(usage.ok).toBe(statuses.filter((status) => status === 200).length);
      expect(usage.ok).toBeGreaterThan(2);
      expect(usage.cost).toBeGreaterThanOrEqual(2_000);
      expect(usage.cost).toBeLessThan(2_000 + usage.dearest);
      expect(holds.live).toBe(0);
    } finally {
      await sql.end();
    }
  }, 180_000);
});

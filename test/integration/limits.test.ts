import { eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiKeys, usageLogs } from '@/db/schema';
import { upsertEntityQuota } from '@/db/queries/entity-quotas';
import { createTeam } from '@/lib/services/teams/create-team';
import { createApiKey } from '@/lib/services/keys/create-api-key';
import { grantCredits } from '@/lib/services/credits/grant-credits';
import { startGatehouse, type Gatehouse } from '../harness';

let gatehouse: Gatehouse;

beforeAll(async () => {
  gatehouse = await startGatehouse();
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

async function teamOnPlan(plan: string) {
  const team = await createTeam({ ctx: gatehouse.ctx, input: { name: `plan ${plan} ${Math.random()}`, plan } });
  await grantCredits({ ctx: gatehouse.ctx, input: { team: team.id, amountMicros: 10_000_000 } });
  const key = await createApiKey({ ctx: gatehouse.ctx, input: { team: team.id, name: 'k' } });
  return { team, key, client: new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: key.key, maxRetries: 0 }) };
}

const hi = [{ role: 'user' as const, content: 'Hi' }];
type Sent = { status: number | undefined; headers: Headers | undefined; message?: string };
const send = (client: OpenAI, extra: Record<string, unknown> = {}): Promise<Sent> =>
  client.chat.completions.create({ model: 'openai/gpt-4o', messages: hi, ...extra }).withResponse().then(
    (result) => ({ status: 200, headers: result.response.headers }),
    (error: InstanceType<typeof OpenAI.APIError>) => ({ status: error.status, headers: error.headers, message: error.message }),
  );

describe('plans and rate limits', () => {
  it("answers bursts over the free plan's 20 requests a minute with 429, retry-after and OpenAI's headers", async () => {
    const { client } = await teamOnPlan('free');
    const results = [];
    for (let i = 0; i < 21; i++) results.push(await send(client));
    expect(results.slice(0, 20).every((result) => result.status === 200)).toBe(true);
    expect(results[0].headers?.get('x-ratelimit-limit-requests')).toBe('20');
    expect(results[0].headers?.get('x-ratelimit-remaining-requests')).toBe('19');
    expect(results[19].headers?.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(results[0].headers?.get('x-ratelimit-limit-tokens')).toBe('100000');
    expect(results[0].headers?.get('x-ratelimit-reset-requests')).toMatch(/^\d+(\.\d)?(ms|s)$/);
    const refused = results[20];
    expect(refused.status).toBe(429);
    expect(Number(refused.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(refused.message).toContain("'free' plan");
    expect(gatehouse.upstreams.openai.calls).toHaveLength(20);
  });

  it('limits a key on its own, and counts tokens from the estimate, settled by actual usage', async () => {
    const { client, key } = await teamOnPlan('unlimited');
    await gatehouse.db.update(apiKeys).set({ tokensPerMinute: 2_000 }).where(eq(apiKeys.id, key.id));
    gatehouse.ctx.invalidate.apiKeys();
    // While a first call (estimated ~1,500 tokens) is in flight, a second does not fit.
    gatehouse.upstreams.openai.enqueue({ kind: 'stall', ms: 400 });
    const first = send(client, { max_tokens: 1_500 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await send(client, { max_tokens: 1_500 });
    expect(refused.status).toBe(429);
    expect(refused.headers?.get('x-ratelimit-limit-tokens')).toBe('2000');
    expect((await first).status).toBe(200);
    // It used 19 tokens, not ~1,500: once settled, there is room again.
    expect((await send(client, { max_tokens: 1_500 })).status).toBe(200);
  });

  it('keeps BYOK and per-request ZDR to the plans that include them', async () => {
    const { client } = await teamOnPlan('free');
    const byok = await send(client, { providerOptions: { gateway: { byok: { openai: [{ apiKey: 'sk-x' }] } } } });
    expect(byok.status).toBe(403);
    expect(byok.message).toContain("'free' plan");
    const zdr = await send(client, { providerOptions: { gateway: { zeroDataRetention: true } } });
    expect(zdr.status).toBe(403);
  });
});

describe('quota entities', () => {
  it('enforces a request quota per quotaEntityId and records the entity on usage rows', async () => {
    const { client, team } = await teamOnPlan('unlimited');
    await upsertEntityQuota(gatehouse.db, { teamId: team.id, entityId: 'customer-7', period: 'month', requestLimit: 2 });
    const withEntity = { providerOptions: { gateway: { quotaEntityId: 'customer-7' } } };
    const first = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: hi, ...withEntity });
    expect((await send(client, withEntity)).status).toBe(200);
    const third = await send(client, withEntity);
    expect(third.status).toBe(429);
    expect(third.message).toContain('customer-7');
    expect((await send(client, { providerOptions: { gateway: { quotaEntityId: 'customer-8' } } })).status).toBe(200);
    expect((await gatehouse.usage(first.id)).quotaEntityId).toBe('customer-7');
  });

  it('enforces a spend quota', async () => {
    const { client, team } = await teamOnPlan('unlimited');
    await upsertEntityQuota(gatehouse.db, { teamId: team.id, entityId: 'p', period: 'day', spendLimitMicros: 150 });
    const withEntity = { providerOptions: { gateway: { quotaEntityId: 'p' } } };
    expect((await send(client, withEntity)).status).toBe(200);
    expect((await send(client, withEntity)).status).toBe(200);
    const over = await send(client, withEntity);
    expect(over.status).toBe(402);
  });
});

describe('spend limits per period', () => {
  it("stops a key at its daily limit", async () => {
    const { client, key } = await teamOnPlan('unlimited');
    await gatehouse.db.update(apiKeys).set({ spendLimitMicros: 200, spendLimitPeriod: 'day' }).where(eq(apiKeys.id, key.id));
    gatehouse.ctx.invalidate.apiKeys();
    expect((await send(client)).status).toBe(200);
    expect((await send(client)).status).toBe(200);
    const over = await send(client);
    expect(over.status).toBe(402);
    expect(over.message).toContain('for this day');
  });
});

describe('when Redis is unreachable', () => {
  it('fails open to per-instance limits instead of failing requests', async () => {
    const isolated = await startGatehouse({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const team = await createTeam({ ctx: isolated.ctx, input: { name: 'no redis', plan: 'free', initialCreditsMicros: 1_000_000 } });
      const key = await createApiKey({ ctx: isolated.ctx, input: { team: team.id, name: 'k' } });
      const client = new OpenAI({ baseURL: `${isolated.url}/v1`, apiKey: key.key, maxRetries: 0 });
      const statuses = [];
      for (let i = 0; i < 21; i++) statuses.push((await send(client)).status);
      expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
      expect(statuses[20]).toBe(429);
    } finally {
      await isolated.close();
    }
  });
});

describe('when the usage log is behind', () => {
  it('refuses new model calls with 503 and retry-after, without calling upstream, until the buffered rows are written', async () => {
    // Rows are only written when flushed by hand: three buffered rows fill the meter.
    const behind = await startGatehouse({ env: { GATEHOUSE_METER_MAX_BUFFERED: '3', GATEHOUSE_METER_FLUSH_MS: '600000' } });
    try {
      const team = await behind.team();
      const client = new OpenAI({ baseURL: `${behind.url}/v1`, apiKey: team.key, maxRetries: 0 });
      const served = [];
      for (let i = 0; i < 3; i++) served.push((await send(client)).status);
      expect(served).toEqual([200, 200, 200]);
      expect(behind.runtime.gateway.meter.size).toBe(3);

      const refused = await send(client);
      expect(refused.status).toBe(503);
      expect(refused.headers?.get('retry-after')).toBe('1');
      expect(refused.message).toMatch(/cannot record usage/);
      expect(behind.upstreams.openai.calls).toHaveLength(3);
      expect(behind.runtime.gateway.meter.size).toBe(3);

      // Once the rows are written, calls are taken again; the refused one left no row and no charge.
      await behind.flush();
      expect((await send(client)).status).toBe(200);
      expect(behind.upstreams.openai.calls).toHaveLength(4);
      await behind.flush();
      const rows = await behind.db.select().from(usageLogs).where(eq(usageLogs.teamId, team.id));
      expect(rows).toHaveLength(4);
      expect(await behind.balance(team.id)).toBe(10_000_000 - rows.reduce((sum, row) => sum + Number(row.billedMicros), 0));
    } finally {
      await behind.close();
    }
  });
});

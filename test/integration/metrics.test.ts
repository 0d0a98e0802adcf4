import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertEntityQuota } from '@/db/queries/entity-quotas';
import { metricsServerPort } from '@/lib/observability/metrics-endpoint';
import { startGatehouse, type Gatehouse } from '../harness';
import { parsePrometheus, valueOf } from '../prometheus-text';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

let gatehouse: Gatehouse;

beforeAll(async () => {
  gatehouse = await startGatehouse({ env: { GATEHOUSE_METRICS_TOKEN: METRICS_TOKEN, GATEHOUSE_METRICS_PORT: '0' } });
});
afterAll(async () => gatehouse?.close());

const scrape = (token?: string) => fetch(`${gatehouse.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const hi = (text = 'Hi') => [{ role: 'user' as const, content: text }];

async function samples() {
  await gatehouse.flush();
  const response = await scrape(METRICS_TOKEN);
  expect(response.status).toBe(200);
  return { text: await response.clone().text(), parsed: parsePrometheus(await response.text()) };
}

describe('GET /metrics: never public', () => {
  it('refuses a missing or wrong token with 401 and answers the admin token and the metrics token', async () => {
    const missing = await scrape();
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect((await scrape('wrong-token-wrong-token-wrong')).status).toBe(401);
    expect((await fetch(`${gatehouse.url}/metrics`, { headers: { authorization: `Basic ${ADMIN_TOKEN}` } })).status).toBe(401);
    const admin = await scrape(ADMIN_TOKEN);
    expect(admin.status).toBe(200);
    expect(admin.headers.get('content-type')).toContain('text/plain');
    expect(await admin.text()).toContain('# TYPE gatehouse_requests_total counter');
    expect((await scrape(METRICS_TOKEN)).status).toBe(200);
  });

  it('serves /metrics without a token on GATEHOUSE_METRICS_PORT, and nothing else there', async () => {
    expect(gatehouse.runtime.gateway.telemetry?.metricsServer).toBeUndefined();
    const server = await gatehouse.runtime.gateway.telemetry?.listen();
    expect(server).toBeDefined();
    expect(server!.address()).toMatchObject({ address: '127.0.0.1' });
    const base = `http://127.0.0.1:${metricsServerPort(server!)}`;
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('nodejs_eventloop_lag_seconds');
    expect((await fetch(`${base}/v1/models`)).status).toBe(404);
  });
});

describe('what the metrics count', () => {
  it('counts calls by door, model, provider, credential and status; tokens and cost by team; refusals; attempts and retries', async () => {
    const team = await gatehouse.team(10_000_000);
    const client = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 });
    const ids: string[] = [];
    for (let index = 0; index < 2; index++) ids.push((await client.chat.completions.create({ model: 'openai/gpt-4o', messages: hi() })).id);
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: hi(), stream: true });
    for await (const chunk of stream) ids.push(chunk.id);
    // Retried once at the same provider (GATEHOUSE_RETRIES=1), then refused with 502.
    await expect(client.chat.completions.create({ model: 'openai/gpt-4o', messages: hi('[[error:500]]') })).rejects.toMatchObject({ status: 502 });

    const broke = await gatehouse.team(0);
    const brokeClient = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: broke.key, maxRetries: 0 });
    await expect(brokeClient.chat.completions.create({ model: 'openai/gpt-4o', messages: hi() })).rejects.toMatchObject({ status: 402 });

    await upsertEntityQuota(gatehouse.db, { teamId: team.id, entityId: 'customer-1', period: 'month', requestLimit: 1 });
    const withEntity = { providerOptions: { gateway: { quotaEntityId: 'customer-1' } } };
    await client.chat.completions.create({ model: 'openai/gpt-4o', messages: hi(), ...withEntity } as never);
    await expect(client.chat.completions.create({ model: 'openai/gpt-4o', messages: hi(), ...withEntity } as never)).rejects.toMatchObject({ status: 429 });

    const { text, parsed } = await samples();
    const series = { door: 'openai-chat', model: 'openai/gpt-4o', provider: 'openai', credential: 'system' };
    expect(valueOf(parsed, 'gatehouse_requests_total', { ...series, status: '200' })).toBe(4);
    expect(valueOf(parsed, 'gatehouse_requests_total', { ...series, status: '502' })).toBe(1);
    expect(valueOf(parsed, 'gatehouse_requests_total', { door: 'openai-chat', model: 'none', provider: 'none', credential: 'none', status: '402' })).toBe(1);
    expect(valueOf(parsed, 'gatehouse_refusals_total', { door: 'openai-chat', reason: 'insufficient_credits' })).toBe(1);
    expect(valueOf(parsed, 'gatehouse_refusals_total', { door: 'openai-chat', reason: 'rate_limited' })).toBe(1);
    // gpt-4o: the fake upstream reports 12 in and 7 out, 100 micro-dollars a call; four answered.
    const spend = { team: team.id, model: 'openai/gpt-4o' };
    expect(valueOf(parsed, 'gatehouse_input_tokens_total', spend)).toBe(48);
    expect(valueOf(parsed, 'gatehouse_output_tokens_total', spend)).toBe(28);
    expect(valueOf(parsed, 'gatehouse_cost_micros_total', spend)).toBe(400);
    expect(valueOf(parsed, 'gatehouse_request_duration_seconds_count', { door: 'openai-chat', model: 'openai/gpt-4o', provider: 'openai' })).toBe(5);
    expect(valueOf(parsed, 'gatehouse_time_to_first_token_seconds_count', { door: 'openai-chat', model: 'openai/gpt-4o', provider: 'openai' })).toBe(1);
    expect(valueOf(parsed, 'gatehouse_upstream_attempts_total', { provider: 'openai', credential: 'system', outcome: 'success' })).toBe(4);
    expect(valueOf(parsed, 'gatehouse_upstream_attempts_total', { provider: 'openai', credential: 'system', outcome: 'http_500' })).toBe(2);
    expect(valueOf(parsed, 'gatehouse_retries_total', { provider: 'openai' })).toBe(1);
    expect(valueOf(parsed, 'gatehouse_circuit_open', { provider: 'openai' })).toBe(0);
    expect(valueOf(parsed, 'gatehouse_usage_meter_batch_rows_count')).toBeGreaterThan(0);
    expect(valueOf(parsed, 'gatehouse_usage_meter_backlog_rows')).toBe(0);
    expect(valueOf(parsed, 'gatehouse_usage_meter_dead_lettered_total')).toBe(0);
    expect(valueOf(parsed, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // The database: statements were sent (keys, balances, usage batches), none is stuck, none missed its deadline.
    expect(valueOf(parsed, 'gatehouse_db_statements_total')).toBeGreaterThan(5);
    expect(valueOf(parsed, 'gatehouse_db_in_flight')).toBeGreaterThanOrEqual(0);
    expect(valueOf(parsed, 'gatehouse_db_deadline_exceeded_total')).toBe(0);
    // Bounded labels: no generation id, no key, no end user.
    for (const id of ids) expect(text).not.toContain(id);
    expect(text).not.toMatch(/gen_[0-9A-Z]{26}/);
    expect(text).not.toContain(team.keyId);
  });
});

describe('GATEHOUSE_METRICS=0', () => {
  it('collects nothing and does not serve /metrics', async () => {
    const off = await startGatehouse({ env: { GATEHOUSE_METRICS: '0', GATEHOUSE_METRICS_TOKEN: METRICS_TOKEN } });
    try {
      expect(off.runtime.gateway.telemetry).toBeUndefined();
      const response = await fetch(`${off.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.status).toBe(404);
    } finally {
      await off.close();
    }
  });
});

import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';

type Report = { status: string; checks: Record<string, { ok: boolean; required: boolean; detail?: string }> };

describe('GET /readyz and /livez', () => {
  let gatehouse: Gatehouse;
  beforeAll(async () => {
    // Rows are only written when flushed by hand: two buffered rows put the usage log behind.
    gatehouse = await startGatehouse({ env: { GATEHOUSE_METER_MAX_BUFFERED: '2', GATEHOUSE_METER_FLUSH_MS: '600000' } });
  });
  afterAll(async () => gatehouse?.close().catch(() => {}));

  const readyz = async () => {
    const response = await fetch(`${gatehouse.url}/readyz`);
    return { status: response.status, retryAfter: response.headers.get('retry-after'), report: (await response.json()) as Report };
  };

  it('is ready, unauthenticated, naming each check; /livez and /health answer too', async () => {
    const { status, report } = await readyz();
    expect(status).toBe(200);
    expect(report).toMatchObject({ status: 'ready', checks: { database: { ok: true, required: true }, migrations: { ok: true }, usage_log: { ok: true } } });
    expect(report.checks.redis).toBeUndefined();
    expect(await (await fetch(`${gatehouse.url}/livez`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${gatehouse.url}/health`)).status).toBe(200);
  });

  it('is not ready while the usage log is behind, and ready again once it is written', async () => {
    const team = await gatehouse.team();
    const client = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 });
    for (let i = 0; i < 2; i++) await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    const behind = await readyz();
    expect(behind.status).toBe(503);
    expect(behind.retryAfter).toBe('1');
    expect(behind.report.status).toBe('not_ready');
    expect(behind.report.checks.usage_log.ok).toBe(false);
    expect(behind.report.checks.database.ok).toBe(true);
    await gatehouse.flush();
    expect((await readyz()).status).toBe(200);
  });

  it('is not ready once the database (on PGlite, its worker thread) no longer answers', async () => {
    await gatehouse.runtime.database.close();
    // The last probe answers for a second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const { status, report } = await readyz();
    expect(status).toBe(503);
    expect(report.checks.database.ok).toBe(false);
    expect((await fetch(`${gatehouse.url}/livez`)).status).toBe(200);
  });
});

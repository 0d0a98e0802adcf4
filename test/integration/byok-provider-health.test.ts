import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';

// A team's own key, at a base URL of its choosing, that always fails: the circuit breaker is
// shared by every team on the instance, so those failures must not push the provider down for
// everyone else (issue 13: no tenant may disturb the others).
let gatehouse: Gatehouse;
let failing: Server;
let failingUrl: string;

beforeAll(async () => {
  gatehouse = await startGatehouse();
  failing = createServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'down', type: 'server_error' } }));
  });
  await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
  failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await gatehouse?.close();
  await new Promise((resolve) => failing?.close(resolve));
});

describe('provider health', () => {
  it('is not moved by a team whose own key keeps failing', async () => {
    const team = await gatehouse.team();
    const openai = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 });
    for (let index = 0; index < 6; index++) {
      // The BYOK attempt fails (500, retried once), then the system credential serves it.
      const completion = await openai.chat.completions.create({
        model: 'openai/gpt-4o',
        messages: [{ role: 'user', content: 'Hi' }],
        ...({ providerOptions: { gateway: { byok: { openai: [{ apiKey: 'sk-team-own', baseURL: failingUrl }] } } } } as Record<string, unknown>),
      });
      expect(completion.choices[0].message.content).toBeTruthy();
    }
    expect(gatehouse.runtime.gateway.health.degraded('openai')).toBe(false);
    const view = gatehouse.runtime.gateway.health.view().find((entry) => entry.provider === 'openai');
    expect(view?.errorRate ?? 0).toBe(0);
  });
});

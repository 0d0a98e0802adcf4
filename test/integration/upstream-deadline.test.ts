import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';

let gatehouse: Gatehouse;
/** Answers 500 and starts an error body it never finishes. */
let hanging: Server;
let hangingUrl: string;

beforeAll(async () => {
  gatehouse = await startGatehouse({ env: { GATEHOUSE_UPSTREAM_TIMEOUT_MS: '500' } });
  hanging = createServer((req, res) => {
    req.resume();
    res.writeHead(500, { 'content-type': 'application/json' });
    res.write('{"error":{"message":"down');
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await gatehouse?.close();
  hanging?.closeAllConnections();
  await new Promise((resolve) => hanging?.close(resolve));
});

describe('the upstream deadline (GATEHOUSE_UPSTREAM_TIMEOUT_MS) on the pass-through path', () => {
  it('ends a stream that runs past it, with an in-stream error', async () => {
    const team = await gatehouse.team();
    const words = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    const started = Date.now();
    const response = await fetch(`${gatehouse.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o', stream: true, messages: [{ role: 'user', content: `[[text:${words}]] [[delay:100]]` }] }),
    });
    expect(response.status).toBe(200);
    const text = await response.text().catch(() => '');
    // 30 chunks 100 ms apart take 3 s; the deadline cuts the stream at about 0.5 s.
    expect(Date.now() - started).toBeLessThan(2500);
    expect(text).toContain('w0');
    expect(text).not.toContain('w29');
    expect(text).toContain('"code":"upstream_error"');
  });

  it('bounds the read of an error body that never ends, then falls back', async () => {
    const team = await gatehouse.team();
    const started = Date.now();
    const response = await fetch(`${gatehouse.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json' },
      // The team's own key at a base URL that answers 500 and hangs; the system credential serves.
      body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }], providerOptions: { gateway: { byok: { openai: [{ apiKey: 'sk-team-own', baseURL: hangingUrl }] } } } }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).choices[0].message.content).toBeTruthy();
    // Each read of the hanging body (the attempt and its retry) ends at the 0.5 s deadline.
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';

let gatehouse: Gatehouse;

beforeAll(async () => {
  gatehouse = await startGatehouse({ env: { GATEHOUSE_UPSTREAM_TIMEOUT_MS: '500' } });
});
afterAll(async () => gatehouse?.close());

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
});

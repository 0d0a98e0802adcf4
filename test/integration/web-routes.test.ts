import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { routeGatewayRequest } from '@/lib/gateway/router';
import { startGatehouse, type Gatehouse } from '../harness';

/**
 * The web path: `routeGatewayRequest`, Request in and Response out, as the Next route handlers
 * (`next dev`, platforms that only run Next) serve the gateway. The lean server writes the same
 * handler's replies straight to Node; the rest of the suite covers that path.
 */
let gatehouse: Gatehouse;
let team: Awaited<ReturnType<Gatehouse['team']>>;
let client: OpenAI;

const webRoute = (input: string | URL | Request, init?: RequestInit) => routeGatewayRequest(gatehouse.runtime.gateway, new Request(input, init));

beforeAll(async () => {
  gatehouse = await startGatehouse();
  team = await gatehouse.team(10_000_000);
  client = new OpenAI({ baseURL: 'http://gatehouse.test/v1', apiKey: team.key, maxRetries: 0, fetch: webRoute });
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

describe('the gateway as web route handlers', () => {
  it('answers the OpenAI client in JSON and metered', async () => {
    const completion = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    expect(completion.choices[0].message.content).toBe('Hello from openai!');
    const row = await gatehouse.usage(completion.id);
    expect(row).toMatchObject({ status: 'success', streamed: false, costMicros: 100, billedMicros: 100 });
  });

  it('streams to the OpenAI client, metered once when the stream ends', async () => {
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } });
    let id = '';
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      id = chunk.id;
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('Hello from openai!');
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7 });
    const row = await gatehouse.waitForUsage(id);
    expect(row).toMatchObject({ status: 'success', streamed: true, costMicros: 100 });
    const { debited, billed } = await gatehouse.debitedAndBilled(team.id);
    expect(debited).toBe(billed);
  });

  it('meters a stream whose body the server cancels (the client left) as aborted, once', async () => {
    const before = await gatehouse.balance(team.id);
    const response = await webRoute('http://gatehouse.test/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi [[delay:300]]' }], stream: true }),
    });
    expect(response.status).toBe(200);
    const id = response.headers.get('x-generation-id')!;
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"object":"chat.completion.chunk"');
    await reader.cancel();
    const row = await gatehouse.waitForUsage(id);
    expect(row).toMatchObject({ status: 'aborted', httpStatus: 499, usageEstimated: true });
    expect(row.costMicros).toBeGreaterThan(0);
    expect(await gatehouse.balance(team.id)).toBe(before - row.costMicros);
    expect(gatehouse.upstreams.openai.calls).toHaveLength(1);
  });
});

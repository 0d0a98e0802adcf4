import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { usageLogs } from '@/db/schema';
import { savePlan } from '@/lib/services/plans/manage-plans';
import { createTeam } from '@/lib/services/teams/create-team';
import { createApiKey } from '@/lib/services/keys/create-api-key';
import { grantCredits } from '@/lib/services/credits/grant-credits';
import { startGatehouse, type Gatehouse } from '../harness';

let gatehouse: Gatehouse;

beforeAll(async () => {
  gatehouse = await startGatehouse();
  await savePlan({ ctx: gatehouse.ctx, input: { id: 'three-at-once', name: 'Three at once', maxConcurrentRequests: 3 } });
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

async function team(plan: string, keyCap?: number) {
  const created = await createTeam({ ctx: gatehouse.ctx, input: { name: `cap ${Math.random()}`, plan } });
  await grantCredits({ ctx: gatehouse.ctx, input: { team: created.id, amountMicros: 10_000_000 } });
  const key = await createApiKey({ ctx: gatehouse.ctx, input: { team: created.id, name: 'k', maxConcurrentRequests: keyCap } });
  return { id: created.id, key: key.key, keyId: key.id, openai: new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: key.key, maxRetries: 0 }) };
}

/** A stream the fake upstream paces at 300 ms a word: about two seconds in flight. */
const slow = [{ role: 'user' as const, content: '[[delay:300]][[text:one two three four five six]] go' }];
const hi = [{ role: 'user' as const, content: 'Hi' }];

async function drain(stream: AsyncIterable<unknown>) {
  for await (const chunk of stream) void chunk;
}

const inFlight = (key: string) => gatehouse.runtime.gateway.concurrency.count(key);

async function untilCalls(count: number) {
  const deadline = Date.now() + 5_000;
  while (gatehouse.upstreams.openai.calls.length < count) {
    if (Date.now() > deadline) throw new Error(`the upstream saw ${gatehouse.upstreams.openai.calls.length} calls, not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('concurrency caps', () => {
  it("refuses a team's 4th concurrent stream with 429 and retry-after in every protocol's envelope, serves other teams, and releases the slots", async () => {
    const busy = await team('three-at-once');
    const other = await team('three-at-once');
    const streams = await Promise.all([0, 1, 2].map(() => busy.openai.chat.completions.create({ model: 'openai/gpt-4o', messages: slow, stream: true })));
    await untilCalls(3);
    expect(inFlight(`team:${busy.id}`)).toBe(3);

    const chat = await busy.openai.chat.completions.create({ model: 'openai/gpt-4o', messages: hi, stream: true }).catch((error: unknown) => error);
    expect(chat).toBeInstanceOf(OpenAI.RateLimitError);
    const chatError = chat as InstanceType<typeof OpenAI.APIError>;
    expect(Number(chatError.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(chatError.error).toMatchObject({ type: 'rate_limit_exceeded', code: 'rate_limited' });
    expect(chatError.message).toContain("'three-at-once' plan allows 3 at once");

    const responses = await busy.openai.responses.create({ model: 'openai/gpt-4o', input: 'Hi' }).catch((error: unknown) => error);
    expect(responses).toBeInstanceOf(OpenAI.RateLimitError);
    expect(Number((responses as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const anthropic = new Anthropic({ baseURL: gatehouse.url, apiKey: busy.key, maxRetries: 0 });
    const messages = await anthropic.messages.create({ model: 'openai/gpt-4o', max_tokens: 10, messages: hi, stream: true }).catch((error: unknown) => error);
    expect(messages).toBeInstanceOf(Anthropic.RateLimitError);
    const messagesError = messages as InstanceType<typeof Anthropic.APIError>;
    expect(messagesError.type).toBe('rate_limit_error');
    expect(Number(messagesError.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const aiSdk = await fetch(`${gatehouse.url}/v4/ai/language-model`, {
      method: 'POST',
      headers: { authorization: `Bearer ${busy.key}`, 'content-type': 'application/json', 'ai-language-model-id': 'openai/gpt-4o', 'ai-language-model-streaming': 'true' },
      body: JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] }),
    });
    expect(aiSdk.status).toBe(429);
    expect(Number(aiSdk.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await aiSdk.json()) as { error: { type: string } }).error.type).toBe('rate_limit_exceeded');

    // Refused before any upstream call; another team is served meanwhile.
    expect(gatehouse.upstreams.openai.calls).toHaveLength(3);
    const served = await other.openai.chat.completions.create({ model: 'openai/gpt-4o', messages: hi });
    expect(served.choices[0].message.content).toBeTruthy();

    await Promise.all(streams.map(drain));
    await gatehouse.flush();
    expect(inFlight(`team:${busy.id}`)).toBe(0);
    const again = await busy.openai.chat.completions.create({ model: 'openai/gpt-4o', messages: hi });
    expect(again.choices[0].message.content).toBeTruthy();
    // The refusals wrote nothing: a client hammering past its cap costs no database write.
    await gatehouse.flush();
    const rows = await gatehouse.db.select({ status: usageLogs.status }).from(usageLogs).where(eq(usageLogs.teamId, busy.id));
    expect(rows.map((row) => row.status)).toEqual(['success', 'success', 'success', 'success']);
  });

  it('caps a key on its own, under a roomier team cap', async () => {
    const owner = await team('three-at-once', 1);
    const second = await createApiKey({ ctx: gatehouse.ctx, input: { team: owner.id, name: 'second' } });
    const stream = await owner.openai.chat.completions.create({ model: 'openai/gpt-4o', messages: slow, stream: true });
    await untilCalls(1);
    const refused = await owner.openai.chat.completions.create({ model: 'openai/gpt-4o', messages: hi }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect((refused as Error).message).toContain('this API key allows 1 at once');
    const sibling = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: second.key, maxRetries: 0 });
    expect((await sibling.chat.completions.create({ model: 'openai/gpt-4o', messages: hi })).choices).toHaveLength(1);
    await drain(stream);
    expect(inFlight(`key:${owner.keyId}`)).toBe(0);
  });

  it('gives the slot back when a call ends in an error: upstream failure, stream cut, or a refusal after the slot was taken', async () => {
    const caller = await team('three-at-once');
    const upstreamFailure = await caller.openai.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: '[[error:400 nope]]' }] }).catch((error: unknown) => error);
    expect(upstreamFailure).toBeInstanceOf(OpenAI.APIError);
    expect(inFlight(`team:${caller.id}`)).toBe(0);

    const cut = await caller.openai.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: '[[cut:2]] go' }], stream: true });
    await drain(cut).catch(() => {});
    expect(inFlight(`team:${caller.id}`)).toBe(0);

    const unknownModel = await caller.openai.chat.completions.create({ model: 'openai/no-such-model', messages: hi }).catch((error: unknown) => error);
    expect((unknownModel as InstanceType<typeof OpenAI.APIError>).status).toBe(404);
    expect(inFlight(`team:${caller.id}`)).toBe(0);

    // Three failures in a row did not use up the cap of three.
    const served = await Promise.all([0, 1, 2].map(() => caller.openai.chat.completions.create({ model: 'openai/gpt-4o', messages: hi })));
    expect(served).toHaveLength(3);
    expect(inFlight(`team:${caller.id}`)).toBe(0);
  });
});

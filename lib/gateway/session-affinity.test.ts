import { describe, expect, it } from 'vitest';
import type { Attempt } from './plan';
import { affinityKey, preferTarget, SessionAffinity, withAffinity } from './session-affinity';
import type { ParsedRequest } from './types';

const request = (body: Record<string, unknown>, model = 'anthropic/claude-sonnet-4'): ParsedRequest =>
  ({ model, stream: false, options: {}, body, toCallOptions: () => ({ prompt: [] }), estimatedInputTokens: 0 }) as ParsedRequest;

const attempt = (provider: string, credential: Attempt['credential'] = { type: 'system', apiKey: 'k', baseURL: 'http://x' }, model = 'm') =>
  ({ model: { id: model }, provider: { slug: provider }, credential, upstreamModelId: model }) as unknown as Attempt;

describe('affinityKey', () => {
  const system = 'You are a support agent.';
  const first = { role: 'user', content: 'My order is late' };

  it('is the same for every later turn of a conversation and differs between conversations, teams and models', () => {
    const turn1 = affinityKey('team_a', request({ system, messages: [first] }));
    const turn2 = affinityKey('team_a', request({ system, messages: [first, { role: 'assistant', content: 'Sorry!' }, { role: 'user', content: 'Where is it?' }] }));
    expect(turn1).toBeDefined();
    expect(turn2).toBe(turn1);
    expect(affinityKey('team_a', request({ system, messages: [{ role: 'user', content: 'Another question' }] }))).not.toBe(turn1);
    expect(affinityKey('team_b', request({ system, messages: [first] }))).not.toBe(turn1);
    expect(affinityKey('team_a', request({ system, messages: [first] }, 'openai/gpt-4o'))).not.toBe(turn1);
  });

  it('ignores where the client put its cache breakpoints', () => {
    const plain = affinityKey('t', request({ system, messages: [first] }));
    const marked = affinityKey('t', request({ system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }], messages: [first] }));
    const markedAgain = affinityKey('t', request({ system: [{ type: 'text', text: system }], messages: [first] }));
    expect(marked).toBe(markedAgain);
    expect(plain).toBeDefined();
  });

  it('reads the OpenAI shapes too: system messages before the first user message, and Responses input', () => {
    const chat = (messages: unknown[]) => affinityKey('t', request({ messages }));
    const open = [{ role: 'system', content: system }, first];
    expect(chat([...open, { role: 'assistant', content: 'x' }, { role: 'user', content: 'y' }])).toBe(chat(open));
    expect(affinityKey('t', request({ instructions: system, input: 'Hello' }))).toBe(affinityKey('t', request({ instructions: system, input: 'Hello' })));
  });

  it('hashes a bounded prefix: a huge first message costs no more than its first 32 KB', () => {
    const huge = 'x'.repeat(5_000_000);
    const started = process.hrtime.bigint();
    const a = affinityKey('t', request({ messages: [{ role: 'user', content: huge }] }));
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(a).toBe(affinityKey('t', request({ messages: [{ role: 'user', content: `${huge}different tail` }] })));
    expect(elapsedMs).toBeLessThan(1_000);
  });

  it('has no key for calls without messages', () => {
    expect(affinityKey('t', request({ input: undefined }))).toBeUndefined();
  });
});

describe('SessionAffinity', () => {
  it('forgets a conversation after the TTL since its last use, and evicts the least recently used past the bound', () => {
    let now = 0;
    const memory = new SessionAffinity({ ttlMs: 1_000, maxEntries: 2, now: () => now });
    const target = { model: 'm', provider: 'p', credential: 'system' };
    memory.remember('a', target);
    now = 900;
    memory.remember('a', target);
    now = 1_800;
    expect(memory.get('a')).toEqual(target);
    now = 3_000;
    expect(memory.get('a')).toBeUndefined();
    memory.remember('a', target);
    memory.remember('b', target);
    memory.remember('a', target);
    memory.remember('c', target);
    expect(memory.get('b')).toBeUndefined();
    expect(memory.get('a')).toEqual(target);
    expect(memory.size).toBe(2);
  });
});

describe('preferTarget', () => {
  const byok = attempt('groq', { type: 'byok', id: 'cred_1', apiKey: 'k', baseURL: 'http://x', guarded: false });
  const plan = [attempt('moonshotai'), byok, attempt('groq')];

  it('moves the remembered provider and credential first, keeping the rest in order', () => {
    expect(preferTarget(plan, { model: 'm', provider: 'groq', credential: 'system' }, () => false)).toEqual([plan[2], plan[0], plan[1]]);
    expect(preferTarget(plan, { model: 'm', provider: 'groq', credential: 'byok:cred_1' }, () => false)).toEqual([plan[1], plan[0], plan[2]]);
  });

  it('keeps the plan when the provider is degraded or no longer in the plan', () => {
    expect(preferTarget(plan, { model: 'm', provider: 'groq', credential: 'system' }, (provider) => provider === 'groq')).toBe(plan);
    expect(preferTarget(plan, { model: 'm', provider: 'openai', credential: 'system' }, () => false)).toBe(plan);
  });

  it('never puts a fallback model ahead of the requested one', () => {
    const withFallback = [attempt('openai', undefined, 'openai/gpt-4o'), attempt('anthropic', undefined, 'anthropic/claude-sonnet-4')];
    expect(preferTarget(withFallback, { model: 'anthropic/claude-sonnet-4', provider: 'anthropic', credential: 'system' }, () => false)).toBe(withFallback);
  });
});

describe('withAffinity', () => {
  const body = { messages: [{ role: 'user', content: 'hi' }] };
  const health = { degraded: () => false };

  it('prefers the remembered target when the requested model has more than one candidate', async () => {
    const memory = new SessionAffinity();
    const plan = [attempt('moonshotai'), attempt('groq')];
    const first = await withAffinity({ memory, health, teamId: 't', request: request(body, 'm'), attempts: plan });
    expect(first.key).toBeDefined();
    memory.remember(first.key!, { model: 'm', provider: 'groq', credential: 'system' });
    expect((await withAffinity({ memory, health, teamId: 't', request: request(body, 'm'), attempts: plan })).attempts).toEqual([plan[1], plan[0]]);
  });

  it('hashes nothing when there is one candidate (fallback models do not count)', async () => {
    const memory = new SessionAffinity();
    const lookups: string[] = [];
    const spy = { get: (key: string) => (lookups.push(key), memory.get(key)), remember: memory.remember.bind(memory) };
    const plan = [attempt('openai', undefined, 'openai/gpt-4o'), attempt('anthropic', undefined, 'anthropic/claude-sonnet-4')];
    const result = await withAffinity({ memory: spy, health, teamId: 't', request: request(body, 'openai/gpt-4o'), attempts: plan });
    expect(result).toEqual({ attempts: plan });
    expect(lookups).toEqual([]);
  });
});

import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';

const ADMIN = { authorization: 'Bearer admin-token-for-tests-0123456789', 'content-type': 'application/json' };
// Served by moonshotai (first in catalog order) and groq.
const MODEL = 'moonshotai/kimi-k2';

let gatehouse: Gatehouse;

beforeAll(async () => {
  gatehouse = await startGatehouse({ env: { GATEHOUSE_FIRST_BYTE_TIMEOUT_MS: '5000' } });
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;
const conversation = (topic: string, turns = 1): Message[] => {
  const messages: Message[] = [
    { role: 'system', content: 'You are a helpful travel agent.' },
    { role: 'user', content: `Plan a trip to ${topic}.` },
  ];
  for (let turn = 1; turn < turns; turn++) messages.push({ role: 'assistant', content: `Draft ${turn}` }, { role: 'user', content: `Change ${turn}` });
  return messages;
};

const calls = () => ({ moonshotai: gatehouse.upstreams.moonshotai.calls.length, groq: gatehouse.upstreams.groq.calls.length });

async function setup() {
  const team = await gatehouse.team();
  return { team, openai: new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 }) };
}

describe('session affinity', () => {
  it('keeps a conversation on the provider that served it; other conversations route as usual', async () => {
    const { openai } = await setup();
    // The first turn finds moonshotai failing (and its retry), so groq serves it.
    gatehouse.upstreams.moonshotai.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const first = await openai.chat.completions.create({ model: MODEL, messages: conversation('Oslo') });
    expect(first.choices[0].message.content).toBe('Hello from groq!');
    gatehouse.resetUpstreams();

    // Later turns of that conversation go straight to groq, although moonshotai is healthy and first in the plan.
    for (const turns of [2, 3]) {
      const next = await openai.chat.completions.create({ model: MODEL, messages: conversation('Oslo', turns) });
      expect(next.choices[0].message.content).toBe('Hello from groq!');
    }
    expect(calls()).toEqual({ moonshotai: 0, groq: 2 });

    // Another conversation (another prefix) is routed by the plan, to moonshotai.
    const other = await openai.chat.completions.create({ model: MODEL, messages: conversation('Lisbon', 2) });
    expect(other.choices[0].message.content).toBe('Hello from moonshotai!');

    // The same prefix from another team is another conversation.
    const { openai: otherTeam } = await setup();
    expect((await otherTeam.chat.completions.create({ model: MODEL, messages: conversation('Oslo', 2) })).choices[0].message.content).toBe('Hello from moonshotai!');

    // An explicit order wins over affinity.
    const ordered = await openai.chat.completions.create({ model: MODEL, messages: conversation('Oslo', 4), providerOptions: { gateway: { order: ['moonshotai'] } } } as never);
    expect((ordered as OpenAI.Chat.Completions.ChatCompletion).choices[0].message.content).toBe('Hello from moonshotai!');
  });

  it('keeps the credential too: a conversation served by the system key after the team key failed stays on the system key', async () => {
    const { openai, team } = await setup();
    await fetch(`${gatehouse.url}/api/admin/teams/${team.id}/credentials`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ provider: 'moonshotai', apiKey: 'sk-team-moonshot' }) });
    gatehouse.upstreams.moonshotai.enqueue({ kind: 'error', status: 401 });
    const first = await openai.chat.completions.create({ model: MODEL, messages: conversation('Rome') });
    expect((await gatehouse.usage(first.id)).attempts.map((attempt) => [attempt.provider, attempt.credential, attempt.httpStatus ?? 200])).toEqual([
      ['moonshotai', 'byok', 401],
      ['moonshotai', 'system', 200],
    ]);
    gatehouse.resetUpstreams();

    const next = await openai.chat.completions.create({ model: MODEL, messages: conversation('Rome', 2) });
    expect((await gatehouse.usage(next.id)).attempts.map((attempt) => [attempt.provider, attempt.credential])).toEqual([['moonshotai', 'system']]);
    expect(gatehouse.upstreams.moonshotai.calls.map((call) => call.headers.authorization)).toEqual(['Bearer sk-system-moonshot']);

    // A new conversation of the team starts on the team's own key, as the plan says.
    gatehouse.resetUpstreams();
    await openai.chat.completions.create({ model: MODEL, messages: conversation('Paris') });
    expect(gatehouse.upstreams.moonshotai.calls.map((call) => call.headers.authorization)).toEqual(['Bearer sk-team-moonshot']);
  });

  it('moves the conversation when its provider turns unhealthy, and stays where it moved', async () => {
    const { openai } = await setup();
    gatehouse.upstreams.moonshotai.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    expect((await openai.chat.completions.create({ model: MODEL, messages: conversation('Kyoto') })).choices[0].message.content).toBe('Hello from groq!');

    // groq's circuit opens (a burst of failures seen by this instance).
    for (let index = 0; index < 5; index++) gatehouse.runtime.gateway.health.record({ provider: 'groq', model: MODEL, ok: false });
    expect(gatehouse.runtime.gateway.health.degraded('groq')).toBe(true);
    gatehouse.resetUpstreams();
    const moved = await openai.chat.completions.create({ model: MODEL, messages: conversation('Kyoto', 2) });
    expect(moved.choices[0].message.content).toBe('Hello from moonshotai!');
    expect(calls()).toEqual({ moonshotai: 1, groq: 0 });
    const again = await openai.chat.completions.create({ model: MODEL, messages: conversation('Kyoto', 3) });
    expect(again.choices[0].message.content).toBe('Hello from moonshotai!');
  });
});

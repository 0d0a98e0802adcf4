import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import Anthropic from '@anthropic-ai/sdk';
import { createGateway } from '@ai-sdk/gateway';
import { jsonSchema, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMembership } from '@/db/queries/memberships';
import { insertUser } from '@/db/queries/users';
import { generationBodies } from '@/db/schema';
import { createApiKey } from '@/lib/services/keys/create-api-key';
import { updateTeamSettings } from '@/lib/services/teams/update-team-settings';
import { getGenerationBody } from '@/lib/services/usage/get-generation-body';
import { startGatehouse, type Gatehouse } from '../harness';

let gatehouse: Gatehouse;

beforeAll(async () => {
  gatehouse = await startGatehouse();
});
afterAll(async () => gatehouse?.close());

const client = (key: string) => new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: key, maxRetries: 0 });

async function storingTeam(settings: Record<string, unknown> = {}) {
  const team = await gatehouse.team();
  await updateTeamSettings({ ctx: gatehouse.ctx, input: { team: team.id, storeBodies: true, ...settings } });
  return team;
}

/** The generation's stored body once its usage row (and so its capture) is in, or undefined. */
async function storedBody(target: Gatehouse, generationId: string) {
  await target.waitForUsage(generationId);
  await target.runtime.gateway.bodies?.flush();
  const [row] = await target.db.select().from(generationBodies).where(eq(generationBodies.generationId, generationId));
  return row;
}

// The last user turn carries secrets; the fake upstream answers with more of them.
const prompt = 'I am bob@example.com, card 4111 1111 1111 1111, order 4111 1111 1111 1112. [[text:Call +14155552671, key sk-proj-abcDEF1234567890ghiJKL]]';

describe('generation bodies', () => {
  it('are not stored by default', async () => {
    const team = await gatehouse.team();
    const { response } = await client(team.key).chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: prompt }] }).withResponse();
    expect(await storedBody(gatehouse, response.headers.get('x-generation-id')!)).toBeUndefined();
  });

  it('store a redacted JSON call, which the viewer reads back as messages and output', async () => {
    const team = await storingTeam();
    const { data, response } = await client(team.key)
      .chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: prompt }] })
      .withResponse();
    // The client got the answer as the upstream gave it: redaction touches only what is stored.
    expect(data.choices[0].message.content).toBe('Call +14155552671, key sk-proj-abcDEF1234567890ghiJKL');
    const id = response.headers.get('x-generation-id')!;
    const row = await storedBody(gatehouse, id);
    expect(row).toBeDefined();
    const stored = `${row!.request}\n${row!.response}`;
    for (const secret of ['bob@example.com', '4111 1111 1111 1111', '+14155552671', 'sk-proj-abcDEF']) expect(stored).not.toContain(secret);
    // The order number fails Luhn and is kept.
    expect(row!.request).toContain('order 4111 1111 1111 1112');
    expect(row!.redactions).toBeGreaterThanOrEqual(6);

    const { body } = await getGenerationBody({ ctx: gatehouse.ctx, input: { team: team.id, generationId: id } });
    expect(body!.messages).toEqual([
      { role: 'system', text: 'Be brief.', toolCalls: [] },
      { role: 'user', text: expect.stringContaining('I am [REDACTED:email], card [REDACTED:card],'), toolCalls: [] },
    ]);
    expect(body!.output).toEqual({ text: 'Call [REDACTED:phone], key [REDACTED:secret]', reasoning: '', toolCalls: [] });
    expect(body!.truncated).toBe(false);
  });

  it('store a streamed call: its text and tool calls, redacted, with the team’s own patterns', async () => {
    const team = await storingTeam({ redactionPatterns: ['CUST-\\d{5}'] });
    const { data: stream, response } = await client(team.key)
      .chat.completions.create({
      model: 'openai/gpt-4o',
      stream: true,
      messages: [{ role: 'user', content: 'Customer CUST-00123 asks. [[tool:lookup {"email":"ann@corp.example.com","customer":"CUST-00999"}]]' }],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }],
      })
      .withResponse();
    let args = '';
    for await (const chunk of stream) args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
    expect(JSON.parse(args)).toEqual({ email: 'ann@corp.example.com', customer: 'CUST-00999' });
    const generationId = response.headers.get('x-generation-id')!;
    const row = await storedBody(gatehouse, generationId);
    expect(row!.request).toContain('Customer [REDACTED:custom] asks.');
    const { body } = await getGenerationBody({ ctx: gatehouse.ctx, input: { team: team.id, generationId } });
    expect(body!.output!.toolCalls).toEqual([{ id: expect.any(String), name: 'lookup', arguments: '{"email":"[REDACTED:email]","customer":"[REDACTED:custom]"}' }]);
    expect(`${row!.request}${row!.response}`).not.toMatch(/CUST-00|ann@corp/);
  });

  it('read back the answer of streams in the Anthropic, Responses and AI SDK formats', async () => {
    const team = await storingTeam();
    const view = async (generationId: string) => (await storedBody(gatehouse, generationId), (await getGenerationBody({ ctx: gatehouse.ctx, input: { team: team.id, generationId } })).body!);

    const anthropic = new Anthropic({ baseURL: gatehouse.url, apiKey: team.key, maxRetries: 0 });
    const { data: messages, response: messagesResponse } = await anthropic.messages
      .create({ model: 'anthropic/claude-sonnet-4', max_tokens: 100, stream: true, system: 'Terse.', messages: [{ role: 'user', content: 'mail me at a@b.example.org [[tool:find {"q":"x"}]]' }], tools: [{ name: 'find', input_schema: { type: 'object' } }] })
      .withResponse();
    for await (const _event of messages) void _event;
    const fromMessages = await view(messagesResponse.headers.get('x-generation-id')!);
    expect(fromMessages.messages).toEqual([
      { role: 'system', text: 'Terse.', toolCalls: [] },
      { role: 'user', text: 'mail me at [REDACTED:email] [[tool:find {"q":"x"}]]', toolCalls: [] },
    ]);
    expect(fromMessages.output).toEqual({ text: '', reasoning: '', toolCalls: [{ id: expect.any(String), name: 'find', arguments: '{"q":"x"}' }] });

    const openai = client(team.key);
    const { data: responses, response: responsesResponse } = await openai.responses.create({ model: 'openai/gpt-4o', input: 'Say hi to +44 20 7946 0958', stream: true }).withResponse();
    for await (const _event of responses) void _event;
    const fromResponses = await view(responsesResponse.headers.get('x-generation-id')!);
    expect(fromResponses.messages).toEqual([{ role: 'user', text: 'Say hi to [REDACTED:phone]', toolCalls: [] }]);
    expect(fromResponses.output?.text).toBe('Hello from openai!');

    let sdkId = '';
    const gateway = createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: team.key, fetch: async (input, init) => {
      const answer = await fetch(input, init);
      sdkId ||= answer.headers.get('x-generation-id') ?? '';
      return answer;
    } });
    const result = streamText({
      model: gateway('openai/gpt-4o'),
      prompt: 'Look up [[tool:get_weather {"city":"Oslo"}]]',
      tools: { get_weather: tool({ inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } } }) }) },
    });
    await result.consumeStream();
    const fromSdk = await view(sdkId);
    expect(fromSdk.messages).toEqual([{ role: 'user', text: 'Look up [[tool:get_weather {"city":"Oslo"}]]', toolCalls: [] }]);
    expect(fromSdk.output?.toolCalls).toEqual([{ id: expect.any(String), name: 'get_weather', arguments: '{"city":"Oslo"}' }]);
  });

  it('are never stored for a zero-data-retention team', async () => {
    const team = await storingTeam({ zeroDataRetention: true });
    // Anthropic has a ZDR agreement, so the call is served.
    const { response } = await client(team.key).chat.completions.create({ model: 'anthropic/claude-sonnet-4', messages: [{ role: 'user', content: prompt }] }).withResponse();
    expect(response.status).toBe(200);
    expect(await storedBody(gatehouse, response.headers.get('x-generation-id')!)).toBeUndefined();
  });

  it('are never stored for a request that asks for zero data retention', async () => {
    const team = await storingTeam();
    const { response } = await client(team.key)
      .chat.completions.create({ model: 'anthropic/claude-sonnet-4', messages: [{ role: 'user', content: prompt }], providerOptions: { gateway: { zeroDataRetention: true } } } as never)
      .withResponse();
    expect(response.status).toBe(200);
    expect(await storedBody(gatehouse, response.headers.get('x-generation-id')!)).toBeUndefined();
  });

  it('are readable by admins and the key’s creator, not by a viewer or another member', async () => {
    const team = await storingTeam();
    const user = async (role: 'viewer' | 'member' | 'admin') => {
      const created = await insertUser(gatehouse.db, { id: `user_${randomUUID()}`, email: `${randomUUID()}@example.com` });
      await insertMembership(gatehouse.db, { teamId: team.id, userId: created.id, role });
      return gatehouse.runtime.serviceContext({ kind: 'user', userId: created.id, isInstanceAdmin: false });
    };
    const creator = await user('member');
    const { key } = await createApiKey({ ctx: creator, input: { team: team.id, name: 'laptop' } });
    const { response } = await client(key).chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    const generationId = response.headers.get('x-generation-id')!;
    expect(await storedBody(gatehouse, generationId)).toBeDefined();
    const read = (ctx: typeof creator) => getGenerationBody({ ctx, input: { team: team.id, generationId } });

    expect((await read(creator)).body?.messages[0].text).toBe('hello');
    expect((await read(await user('admin'))).body).not.toBeNull();
    await expect(read(await user('member'))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(read(await user('viewer'))).rejects.toMatchObject({ code: 'forbidden' });
    // Someone outside the team is told the team does not exist.
    const outsider = gatehouse.runtime.serviceContext({ kind: 'user', userId: (await insertUser(gatehouse.db, { id: `user_${randomUUID()}`, email: `${randomUUID()}@example.com` })).id, isInstanceAdmin: false });
    await expect(read(outsider)).rejects.toMatchObject({ code: 'not_found' });

    const viaApi = await fetch(`${gatehouse.url}/api/admin/teams/${team.slug}/generations/${generationId}/body`, { headers: { authorization: 'Bearer admin-token-for-tests-0123456789' } });
    expect(viaApi.status).toBe(200);
    expect(await viaApi.json()).toMatchObject({ generationId, body: { messages: [{ role: 'user', text: 'hello' }] } });
  });

  it('refuses a custom pattern that could backtrack for ever', async () => {
    const team = await gatehouse.team();
    await expect(updateTeamSettings({ ctx: gatehouse.ctx, input: { team: team.id, redactionPatterns: ['(a+)+$'] } })).rejects.toThrow(/Nested quantifiers/);
    const patch = (body: unknown) =>
      fetch(`${gatehouse.url}/api/admin/teams/${team.slug}/settings`, { method: 'PATCH', headers: { authorization: 'Bearer admin-token-for-tests-0123456789', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const refused = await patch({ redactionPatterns: ['ok-\\d+', '(\\w*)*x'] });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { message: expect.stringMatching(/Nested quantifiers/) } });
    expect((await patch({ bodyRetentionDays: 0 })).status).toBe(400);
    const saved = await patch({ storeBodies: true, bodyRetentionDays: 7, redactionPatterns: ['ok-\\d+'] });
    expect(saved.status).toBe(200);
    const read = await fetch(`${gatehouse.url}/api/admin/teams/${team.slug}/settings`, { headers: { authorization: 'Bearer admin-token-for-tests-0123456789' } });
    expect((await read.json()).settings).toMatchObject({ storeBodies: true, bodyRetentionDays: 7, redactionPatterns: ['ok-\\d+'] });
  });

  it('are deleted after the team’s retention period by the sweep', async () => {
    const short = await storingTeam({ bodyRetentionDays: 1 });
    const long = await storingTeam({ bodyRetentionDays: 30 });
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    const row = (teamId: string, name: string, createdAt: Date) => ({ generationId: `gen_${name}_${randomUUID()}`, teamId, request: '{}', createdAt });
    const rows = [row(short.id, 'old', daysAgo(2)), row(short.id, 'new', daysAgo(0.5)), row(long.id, 'kept', daysAgo(2))];
    await gatehouse.db.insert(generationBodies).values(rows);
    expect(await gatehouse.runtime.gateway.bodies!.sweep()).toBeGreaterThanOrEqual(1);
    const left = new Set((await gatehouse.db.select().from(generationBodies)).map((stored) => stored.generationId));
    expect([rows[0], rows[1], rows[2]].map((stored) => left.has(stored.generationId))).toEqual([false, true, true]);
  });
});

describe('with the instance switch off (GATEHOUSE_STORE_BODIES=0)', () => {
  let off: Gatehouse;
  beforeAll(async () => {
    off = await startGatehouse({ env: { GATEHOUSE_STORE_BODIES: '0' } });
  });
  afterAll(async () => off?.close());

  it('nothing is stored, even for a team that opted in', async () => {
    const team = await off.team();
    await updateTeamSettings({ ctx: off.ctx, input: { team: team.id, storeBodies: true } });
    const { response } = await new OpenAI({ baseURL: `${off.url}/v1`, apiKey: team.key, maxRetries: 0 }).chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: prompt }] }).withResponse();
    const generationId = response.headers.get('x-generation-id')!;
    await off.waitForUsage(generationId);
    expect(off.runtime.gateway.bodies).toBeUndefined();
    expect(await off.db.select().from(generationBodies)).toEqual([]);
  });
});

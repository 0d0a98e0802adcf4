import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deleteMembership, insertMembership, updateMembershipRole } from '@/db/queries/memberships';
import { insertUser } from '@/db/queries/users';
import { createPlaygroundTokens, PLAYGROUND_TOKEN_TTL_MS } from '@/lib/auth/playground-token';
import { updateTeamSettings } from '@/lib/services/teams/update-team-settings';
import { startGatehouse, type Gatehouse } from '../harness';

// openai/gpt-4o is $2.50 in / $10 out per million tokens; the fake upstream reports 12 in / 7 out.
const GPT4O_COST = 100;

let gatehouse: Gatehouse;
beforeAll(async () => {
  gatehouse = await startGatehouse();
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

/** A team with credits and a console user holding `role` in it. */
async function teamWithUser(role: 'owner' | 'admin' | 'member' | 'viewer' = 'member') {
  const team = await gatehouse.team();
  const userId = `user_${randomUUID().slice(0, 8)}`;
  await insertUser(gatehouse.db, { id: userId, email: `${userId}@example.com` });
  await insertMembership(gatehouse.db, { teamId: team.id, userId, role });
  return { team, userId };
}

const client = (apiKey: string) => new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey, maxRetries: 0 });
const hello = { model: 'openai/gpt-4o', messages: [{ role: 'user' as const, content: 'Hello' }] };

async function status(call: Promise<unknown>): Promise<number | string> {
  try {
    await call;
    return 'succeeded';
  } catch (error) {
    return (error as { status?: number }).status ?? String(error);
  }
}

describe('playground tokens at the public gateway', () => {
  it('authenticate a chat completion for their team, logged with subject user:<id> and debited', async () => {
    const { team, userId } = await teamWithUser('member');
    const { token } = gatehouse.runtime.playgroundTokens.issue({ teamId: team.id, userId });
    const before = await gatehouse.balance(team.id);

    const completion = await client(token).chat.completions.create(hello);
    expect(completion.choices[0].message.content).toBe('Hello from openai!');
    expect(gatehouse.upstreams.openai.calls[0].headers.authorization).toBe('Bearer sk-system-openai');

    const row = await gatehouse.usage(completion.id);
    expect(row).toMatchObject({ teamId: team.id, apiKeyId: null, subject: `user:${userId}`, status: 'success', costMicros: GPT4O_COST, billedMicros: GPT4O_COST });
    expect(await gatehouse.balance(team.id)).toBe(before - GPT4O_COST);
  });

  it('stream with usage, and read the generation back with the same token', async () => {
    const { team, userId } = await teamWithUser('owner');
    const { token } = gatehouse.runtime.playgroundTokens.issue({ teamId: team.id, userId });
    const response = await fetch(`${gatehouse.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...hello, stream: true, stream_options: { include_usage: true } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-gatehouse-provider')).toBe('openai');
    const generationId = response.headers.get('x-generation-id')!;
    const body = await response.text();
    expect(body).toContain('"prompt_tokens":12');
    expect(body.trim().endsWith('data: [DONE]')).toBe(true);
    expect(await gatehouse.waitForUsage(generationId)).toMatchObject({ subject: `user:${userId}`, streamed: true, costMicros: GPT4O_COST });

    const generation = await fetch(`${gatehouse.url}/v1/generation?id=${generationId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(generation.status).toBe(200);
    expect((await generation.json()).data).toMatchObject({ id: generationId, total_cost: 0.0001, provider_name: 'openai' });

    // Another team's token cannot read it.
    const other = await teamWithUser('member');
    const foreign = gatehouse.runtime.playgroundTokens.issue({ teamId: other.team.id, userId: other.userId }).token;
    expect((await fetch(`${gatehouse.url}/v1/generation?id=${generationId}`, { headers: { authorization: `Bearer ${foreign}` } })).status).toBe(404);
  });

  it('follow the team policy underneath, like a key of the team', async () => {
    const { team, userId } = await teamWithUser('member');
    await updateTeamSettings({ ctx: gatehouse.ctx, input: { team: team.id, providerDenylist: ['openai'] } });
    const { token } = gatehouse.runtime.playgroundTokens.issue({ teamId: team.id, userId });
    const refused = await fetch(`${gatehouse.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(hello),
    });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toContain('denylist');
  });

  it('refuse an expired, tampered or foreign-secret token with 401', async () => {
    const { team, userId } = await teamWithUser('member');
    const tokens = gatehouse.runtime.playgroundTokens;
    const expired = tokens.issue({ teamId: team.id, userId, now: Date.now() - PLAYGROUND_TOKEN_TTL_MS - 1_000 }).token;
    const valid = tokens.issue({ teamId: team.id, userId }).token;
    const [payload, signature] = valid.slice('gthpg_'.length).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `gthpg_${Buffer.from(JSON.stringify({ ...claims, exp: (claims.exp as number) + 86_400 })).toString('base64url')}.${signature}`;
    const foreign = createPlaygroundTokens('a-different-secret-'.repeat(3)).issue({ teamId: team.id, userId }).token;

    for (const [token, message] of [
      [expired, 'expired'],
      [tampered, 'Invalid playground token'],
      [foreign, 'Invalid playground token'],
      ['gthpg_garbage', 'Invalid playground token'],
    ]) {
      const response = await fetch(`${gatehouse.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(hello),
      });
      expect(response.status, message).toBe(401);
      expect((await response.json()).error.message).toContain(message);
    }
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
    expect(await status(client(valid).chat.completions.create(hello))).toBe('succeeded');
  });

  it('stop working when the user leaves the team or becomes a viewer', async () => {
    const { team, userId } = await teamWithUser('member');
    const { token } = gatehouse.runtime.playgroundTokens.issue({ teamId: team.id, userId });
    expect(await status(client(token).chat.completions.create(hello))).toBe('succeeded');
    await updateMembershipRole(gatehouse.db, team.id, userId, 'viewer');
    expect(await status(client(token).chat.completions.create(hello))).toBe(401);
    await deleteMembership(gatehouse.db, team.id, userId);
    expect(await status(client(token).chat.completions.create(hello))).toBe(401);
    // A token naming another team than the user's own is refused the same way.
    const stranger = await teamWithUser('member');
    const crossed = gatehouse.runtime.playgroundTokens.issue({ teamId: team.id, userId: stranger.userId }).token;
    expect(await status(client(crossed).chat.completions.create(hello))).toBe(401);
  });
});

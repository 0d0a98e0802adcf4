import { randomBytes, randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertApiKey } from '@/db/queries/api-keys';
import { insertMembership } from '@/db/queries/memberships';
import { insertUser } from '@/db/queries/users';
import { auditLog } from '@/db/schema';
import { generateApiKey, hashApiKey } from '@/lib/crypto/api-keys';
import { createApiKey } from '@/lib/services/keys/create-api-key';
import { startGatehouse, type Gatehouse } from '../harness';

let gatehouse: Gatehouse;
beforeAll(async () => {
  gatehouse = await startGatehouse();
});
afterAll(async () => gatehouse?.close());

const ask = (key: string) =>
  new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] });

describe('removing a member', () => {
  it('stops the keys they created, through the admin API, with the count in the audit log', async () => {
    const team = await gatehouse.team();
    const member = await insertUser(gatehouse.db, { id: `user_${randomUUID()}`, email: `${randomUUID()}@example.com` });
    await insertMembership(gatehouse.db, { teamId: team.id, userId: member.id, role: 'member' });
    const asMember = gatehouse.runtime.serviceContext({ kind: 'user', userId: member.id, isInstanceAdmin: false });
    const { key } = await createApiKey({ ctx: asMember, input: { team: team.id, name: 'laptop' } });
    expect((await ask(key)).choices[0].message.content).toBeTruthy();

    const removed = await fetch(`${gatehouse.url}/api/admin/teams/${team.slug}/members/${member.id}`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer admin-token-for-tests-0123456789' },
    });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({ removed: true, keysRevoked: 1 });

    await expect(ask(key)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    // The team's own key, made by someone else, goes on working.
    expect((await ask(team.key)).choices[0].message.content).toBeTruthy();
    const [audit] = await gatehouse.db.select().from(auditLog).where(and(eq(auditLog.teamId, team.id), eq(auditLog.action, 'member.remove')));
    expect(audit).toMatchObject({ actor: 'admin-token', target: member.id, data: { keysRevoked: 1 } });
  });
});

describe('key format at the gateway', () => {
  it('accepts a key in the legacy gh_ format until it is revoked', async () => {
    const team = await gatehouse.team();
    const legacy = `gh_${randomBytes(30).toString('base64url')}`;
    await insertApiKey(gatehouse.db, { id: `key_${randomUUID().slice(0, 8)}`, teamId: team.id, name: 'legacy', prefix: legacy.slice(0, 9), hash: hashApiKey(legacy) });
    expect((await ask(legacy)).choices[0].message.content).toBeTruthy();
  });

  it('refuses a look-alike with a broken checksum as an invalid key', async () => {
    const { key } = generateApiKey();
    const lookAlike = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    const error = await ask(lookAlike).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).message).toContain('Invalid API key');
  });
});

import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rotateApiKey } from '@/lib/services/keys/rotate-api-key';
import { startGatehouse, type Gatehouse } from '../harness';

/**
 * Rotation at the gateway, driven through the admin API and the official clients: the new
 * secret works at once, the old one until its grace ends, then gets 401 as revoked; the key's
 * id (and so its usage, spend and limits) stays the same.
 */
const ADMIN = { authorization: 'Bearer admin-token-for-tests-0123456789', 'content-type': 'application/json' };
let gatehouse: Gatehouse;
beforeAll(async () => {
  gatehouse = await startGatehouse();
});
afterAll(async () => gatehouse?.close());

const ask = (key: string) =>
  new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
const askAnthropic = (key: string) =>
  new Anthropic({ baseURL: gatehouse.url, apiKey: key, maxRetries: 0 }).messages.create({ model: 'anthropic/claude-sonnet-4', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });

async function rotate(keyId: string, grace: string) {
  const response = await fetch(`${gatehouse.url}/api/admin/keys/${keyId}/rotate`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ grace }) });
  expect(response.status).toBe(201);
  return (await response.json()) as { key: string; prefix: string; previousValidUntil: string };
}

describe('key rotation at the gateway', () => {
  it('accepts the old secret during the grace and refuses it as revoked after, with the same key id on the usage rows', async () => {
    const team = await gatehouse.team();
    const before = await ask(team.key);
    const rotated = await rotate(team.keyId, '1h');
    // Both secrets work now; the usage rows name the same key.
    const viaNew = await ask(rotated.key);
    const viaOld = await ask(team.key);
    expect((await askAnthropic(team.key)).content.length).toBeGreaterThan(0);
    for (const completion of [before, viaNew, viaOld]) expect((await gatehouse.usage(completion.id))?.apiKeyId).toBe(team.keyId);

    // An hour and a second later: the cached record of the old secret carries its grace end, so no cache wait.
    const later = Date.parse(rotated.previousValidUntil) + 1_000;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => later);
    try {
      const refused = await ask(team.key).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);
      expect((refused as InstanceType<typeof OpenAI.AuthenticationError>).message).toContain('revoked');
      await expect(askAnthropic(team.key)).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
      expect((await ask(rotated.key)).choices[0].message.content).toBeTruthy();
    } finally {
      clock.mockRestore();
    }
  });

  it('with grace "now" refuses the old secret at once, on this instance without waiting for the cache', async () => {
    const team = await gatehouse.team();
    // Warm the cache with the old secret first.
    await ask(team.key);
    const rotated = await rotate(team.keyId, 'now');
    await expect(ask(team.key)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    expect((await ask(rotated.key)).choices[0].message.content).toBeTruthy();
  });

  it('a grace that ended before the request (rotation in the past) refuses the old secret', async () => {
    const team = await gatehouse.team();
    const rotated = await rotateApiKey({ ctx: gatehouse.ctx, input: { keyId: team.keyId, grace: '1h', now: new Date(Date.now() - 2 * 3_600_000) } });
    await expect(ask(team.key)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    expect((await ask(rotated.key)).choices[0].message.content).toBeTruthy();
  });

  it('an edit reaches the gateway at once: a lowered spend limit and an expiry', async () => {
    const team = await gatehouse.team();
    await ask(team.key);
    const patch = (body: object) => fetch(`${gatehouse.url}/api/admin/keys/${team.keyId}`, { method: 'PATCH', headers: ADMIN, body: JSON.stringify(body) });
    expect((await patch({ expiresAt: new Date(Date.now() - 1_000).toISOString() })).status).toBe(200);
    const expired = await ask(team.key).catch((error: unknown) => error);
    expect(expired).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((expired as Error).message).toContain('expired');
    expect((await patch({ expiresAt: null })).status).toBe(200);
    expect((await ask(team.key)).choices[0].message.content).toBeTruthy();
  });
});

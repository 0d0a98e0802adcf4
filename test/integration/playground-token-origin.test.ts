import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertMembership } from '@/db/queries/memberships';
import { insertUser } from '@/db/queries/users';
import { parseEnv } from '@/lib/env';
import { createRuntime, setRuntime, type Runtime } from '@/lib/runtime';
import { createTeam } from '@/lib/services/teams/create-team';

/**
 * POST /api/console/teams/:team/playground-token, as a browser would send it: a signed-in
 * member's cookie rides along on any site's form post, so the route must tell its own pages
 * from someone else's (issue 13, item 12). Only the session is faked.
 */
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => ({
  auth: async () => (session.userId ? { user: { id: session.userId }, expires: new Date(Date.now() + 60_000).toISOString() } : null),
  signIn: async () => {},
  signOut: async () => {},
}));

const { POST } = await import('@/app/api/console/teams/[team]/playground-token/route');

let runtime: Runtime;
let team: { id: string; slug: string };

beforeAll(async () => {
  runtime = await createRuntime(parseEnv({ GATEHOUSE_DATA_DIR: 'memory://', GATEHOUSE_LOG_LEVEL: 'silent', GATEHOUSE_PUBLIC_URL: 'https://ai.example.com' }));
  setRuntime(Promise.resolve(runtime));
  const userId = `user_${randomUUID().slice(0, 8)}`;
  await insertUser(runtime.database.db, { id: userId, email: `${userId}@example.com` });
  team = await createTeam({ ctx: runtime.serviceContext({ kind: 'cli' }), input: { name: 'Playground origin' } });
  await insertMembership(runtime.database.db, { teamId: team.id, userId, role: 'member' });
  session.userId = userId;
});
afterAll(async () => runtime?.close());

async function mint(headers: Record<string, string>) {
  const request = new Request(`http://localhost:3000/api/console/teams/${team.slug}/playground-token`, { method: 'POST', headers });
  const response = await POST(request, { params: Promise.resolve({ team: team.slug }) });
  return { status: response.status, body: (await response.json()) as { token?: string; error?: { code: string } } };
}

describe('playground token: cross-origin requests are refused', () => {
  it.each([
    ['a cross-site page (Origin and Sec-Fetch-Site)', { host: 'localhost:3000', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
    ['a cross-site page in a browser without Sec-Fetch-Site', { host: 'localhost:3000', origin: 'https://evil.example', 'content-type': 'text/plain' }],
    ['a sibling subdomain', { host: 'ai.example.com', origin: 'https://ai.example.com', 'sec-fetch-site': 'same-site' }],
    ['a sandboxed frame (Origin: null)', { host: 'localhost:3000', origin: 'null' }],
  ])('%s gets 403 and no token', async (_name, headers) => {
    const { status, body } = await mint(headers);
    expect(status).toBe(403);
    expect(body.token).toBeUndefined();
    expect(body.error?.code).toBe('forbidden');
  });

  it.each([
    ['the console itself', { host: 'localhost:3000', origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }],
    ['the console behind a proxy, at GATEHOUSE_PUBLIC_URL', { host: '10.0.0.5:3000', origin: 'https://ai.example.com', 'sec-fetch-site': 'same-origin' }],
    ['the console behind a proxy that forwards its host', { host: '10.0.0.5:3000', 'x-forwarded-host': 'console.internal', origin: 'https://console.internal' }],
    ['a client that is no browser (no Origin)', { host: 'localhost:3000' }],
  ])('%s gets a token', async (_name, headers) => {
    const { status, body } = await mint(headers);
    expect(status).toBe(200);
    expect(body.token).toEqual(expect.any(String));
  });
});

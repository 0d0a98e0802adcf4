import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertMembership } from '@/db/queries/memberships';
import { insertUser } from '@/db/queries/users';
import { usageLogs } from '@/db/schema';
import { parseEnv } from '@/lib/env';
import { createRuntime, setRuntime, type Runtime } from '@/lib/runtime';
import { createTeam } from '@/lib/services/teams/create-team';
import { parseCsv } from '../csv';
import { freshDatabase } from '../harness';
import { usageRowFixture } from '../usage-row';

/**
 * GET /api/console/teams/:team/usage/export as the console's download link calls it: the
 * session decides, as for the other usage routes. Only the session is faked.
 */
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => ({
  auth: async () => (session.userId ? { user: { id: session.userId }, expires: new Date(Date.now() + 60_000).toISOString() } : null),
  signIn: async () => {},
  signOut: async () => {},
}));

const { GET } = await import('@/app/api/console/teams/[team]/usage/export/route');

let runtime: Runtime;
let drop: () => Promise<void>;
let team: { id: string; slug: string };
const users: Record<'viewer' | 'outsider', string> = { viewer: '', outsider: '' };

beforeAll(async () => {
  const database = await freshDatabase();
  drop = database.drop;
  runtime = await createRuntime(parseEnv({ DATABASE_URL: database.url, GATEHOUSE_DATA_DIR: 'memory://', GATEHOUSE_LOG_LEVEL: 'silent' }));
  setRuntime(Promise.resolve(runtime));
  team = await createTeam({ ctx: runtime.serviceContext({ kind: 'cli' }), input: { name: 'Console export' } });
  for (const name of ['viewer', 'outsider'] as const) {
    users[name] = `user_${randomUUID().slice(0, 8)}`;
    await insertUser(runtime.database.db, { id: users[name], email: `${users[name]}@example.com` });
  }
  await insertMembership(runtime.database.db, { teamId: team.id, userId: users.viewer, role: 'viewer' });
  await runtime.database.db.insert(usageLogs).values([
    { ...usageRowFixture(team.id, 'gen_console_export_1', 100), endUser: '=1+1' },
    { ...usageRowFixture(team.id, 'gen_console_export_2', 200), requestedModel: 'anthropic/claude-sonnet-4' },
  ]);
});
afterAll(async () => {
  await runtime?.close();
  await drop?.();
});

const exportAs = (userId: string | null, query: string) => {
  session.userId = userId;
  return GET(new Request(`http://localhost:3000/api/console/teams/${team.slug}/usage/export?${query}`), { params: Promise.resolve({ team: team.slug }) });
};

/** What Next's notFound() and redirect() throw, by their digest. */
const thrownDigest = (promise: Promise<unknown>) => promise.then(() => 'answered', (error: { digest?: string }) => error.digest ?? String(error));

describe('console usage export', () => {
  it('streams the filtered rows to a viewer of the team as a CSV download', async () => {
    const response = await exportAs(users.viewer, 'format=csv&range=24h&model=openai/gpt-4o');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="usage-console-export-/);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const [header, ...records] = parseCsv(await response.text());
    expect(records).toHaveLength(1);
    expect(records[0][header.indexOf('generation_id')]).toBe('gen_console_export_1');
    expect(records[0][header.indexOf('end_user')]).toBe("'=1+1");
  });

  it('answers JSON Lines when asked', async () => {
    const response = await exportAs(users.viewer, 'format=jsonl');
    expect((await response.text()).trim().split('\n').map((line) => JSON.parse(line).generation_id)).toEqual(['gen_console_export_1', 'gen_console_export_2']);
  });

  it('tells a non-member the team does not exist, and sends no session to sign-in', async () => {
    expect(await thrownDigest(exportAs(users.outsider, 'format=csv'))).toMatch(/NEXT_HTTP_ERROR_FALLBACK;404/);
    expect(await thrownDigest(exportAs(null, 'format=csv'))).toMatch(/^NEXT_REDIRECT;.*\/login/);
  });

  it('refuses a bad format or range in the console error envelope', async () => {
    for (const query of ['format=pdf', 'from=2026-03-05&to=2026-03-01', 'limit=-1']) {
      const response = await exportAs(users.viewer, query);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    }
  });
});

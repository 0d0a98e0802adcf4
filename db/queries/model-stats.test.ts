import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../client';
import { usageLogs } from '../schema';
import { insertMembership } from './memberships';
import { observedProviderStats } from './model-stats';
import { findPlaygroundPrincipal } from './playground';
import { insertTeam, updateTeamSettings } from './teams';
import { insertUser } from './users';

type Row = typeof usageLogs.$inferInsert;

let database: Database;
const now = Date.parse('2026-03-10T12:00:00Z');
const day = 86_400_000;
const since = new Date(now - 7 * day);
let sequence = 0;

function row(patch: Partial<Row>): Row {
  sequence += 1;
  return {
    generationId: `gen_${String(sequence).padStart(26, '0')}`,
    teamId: 'team_a',
    requestedModel: 'moonshotai/kimi-k2',
    servedModel: 'moonshotai/kimi-k2',
    provider: 'groq',
    credentialType: 'system',
    protocol: 'openai-chat',
    streamed: true,
    status: 'success',
    httpStatus: 200,
    outputTokens: 100,
    ttftMs: 200,
    latencyMs: 1_200,
    createdAt: new Date(now - day),
    ...patch,
  };
}

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  const { db } = database;
  await insertTeam(db, { id: 'team_a', slug: 'team-a', name: 'A', plan: 'pro' });
  await insertTeam(db, { id: 'team_b', slug: 'team-b', name: 'B', plan: 'free' });
  await db.insert(usageLogs).values([
    // groq: TTFT 100, 200, 300 → median 200; 3 × 100 tokens over 3 × 1 s → 100 tok/s.
    row({ ttftMs: 100, latencyMs: 1_100 }),
    row({ ttftMs: 200, latencyMs: 1_200 }),
    row({ ttftMs: 300, latencyMs: 1_300 }),
    // A non-streamed success counts as a request but not for TTFT or speed.
    row({ streamed: false, ttftMs: null, latencyMs: 900 }),
    // moonshotai: TTFT 400 and 600 → 500; 50 + 150 tokens over 2 s + 2 s → 50 tok/s.
    row({ provider: 'moonshotai', ttftMs: 400, latencyMs: 2_400, outputTokens: 50 }),
    row({ provider: 'moonshotai', ttftMs: 600, latencyMs: 2_600, outputTokens: 150 }),
    // Left out: failures, aborted streams, older than the window, another model, another team.
    row({ status: 'error', httpStatus: 502, ttftMs: 5_000, latencyMs: 6_000 }),
    row({ status: 'aborted', httpStatus: 499, ttftMs: 5_000, latencyMs: 6_000 }),
    row({ createdAt: new Date(now - 8 * day), ttftMs: 5_000, latencyMs: 6_000 }),
    row({ servedModel: 'openai/gpt-4o', ttftMs: 5_000, latencyMs: 6_000 }),
    row({ teamId: 'team_b', ttftMs: 5_000, latencyMs: 6_000 }),
    // A fallback: requested another model, served this one, so it counts here.
    row({ requestedModel: 'openai/gpt-4o', provider: 'moonshotai', ttftMs: 500, latencyMs: 1_500, outputTokens: 0 }),
  ]);
  await insertUser(db, { id: 'user_member', email: 'member@example.com' });
  await insertUser(db, { id: 'user_admin', email: 'admin@example.com', isInstanceAdmin: true });
  await insertMembership(db, { teamId: 'team_a', userId: 'user_member', role: 'member' });
  await updateTeamSettings(db, 'team_a', { providerDenylist: ['groq'], zeroDataRetention: true });
});
afterAll(async () => database?.close());

describe('observedProviderStats', () => {
  it('gives each provider its successful calls, median TTFT and streamed tokens per second', async () => {
    expect(await observedProviderStats(database.db, { teamId: 'team_a', modelId: 'moonshotai/kimi-k2', since })).toEqual([
      { provider: 'groq', requests: 4, ttftP50Ms: 200, tokensPerSecond: 100 },
      { provider: 'moonshotai', requests: 3, ttftP50Ms: 500, tokensPerSecond: 50 },
    ]);
  });

  it("only counts the team's own calls, and is empty without data", async () => {
    expect(await observedProviderStats(database.db, { teamId: 'team_b', modelId: 'moonshotai/kimi-k2', since })).toEqual([
      { provider: 'groq', requests: 1, ttftP50Ms: 5_000, tokensPerSecond: 100 },
    ]);
    expect(await observedProviderStats(database.db, { teamId: 'team_a', modelId: 'anthropic/claude-sonnet-4', since })).toEqual([]);
  });

  it('reports no TTFT or speed when nothing streamed', async () => {
    await database.db.insert(usageLogs).values(row({ servedModel: 'google/gemini-2.5-flash', provider: 'google', streamed: false, ttftMs: null }));
    expect(await observedProviderStats(database.db, { teamId: 'team_a', modelId: 'google/gemini-2.5-flash', since })).toEqual([
      { provider: 'google', requests: 1, ttftP50Ms: null, tokensPerSecond: null },
    ]);
  });
});

describe('findPlaygroundPrincipal', () => {
  it("loads the team's plan and policy with the user's role", async () => {
    const found = await findPlaygroundPrincipal(database.db, 'team_a', 'user_member');
    expect(found).toMatchObject({ teamId: 'team_a', plan: 'pro', role: 'member', isInstanceAdmin: false });
    expect(found?.settings).toMatchObject({ teamId: 'team_a', providerDenylist: ['groq'], zeroDataRetention: true, providerAllowlist: null });
  });

  it('has no role for a non-member; an instance admin is flagged as such', async () => {
    expect(await findPlaygroundPrincipal(database.db, 'team_b', 'user_member')).toMatchObject({ teamId: 'team_b', plan: 'free', role: null, isInstanceAdmin: false });
    expect(await findPlaygroundPrincipal(database.db, 'team_b', 'user_admin')).toMatchObject({ role: null, isInstanceAdmin: true });
  });

  it('is undefined for a missing team or user', async () => {
    expect(await findPlaygroundPrincipal(database.db, 'team_missing', 'user_member')).toBeUndefined();
    expect(await findPlaygroundPrincipal(database.db, 'team_a', 'user_missing')).toBeUndefined();
  });
});

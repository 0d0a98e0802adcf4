import { randomUUID } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import { createGateway } from '@ai-sdk/gateway';
import { generateText } from 'ai';
import { and, eq, sql } from 'drizzle-orm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { creditHolds, usageLogs } from '@/db/schema';
import { insertMembership } from '@/db/queries/memberships';
import { insertUser } from '@/db/queries/users';
import { listBudgetStatus } from '@/lib/services/budgets/budget-status';
import { createBudget } from '@/lib/services/budgets/create-budget';
import { deleteBudget } from '@/lib/services/budgets/delete-budget';
import { listTeamBudgets } from '@/lib/services/budgets/list-budgets';
import { createApiKey } from '@/lib/services/keys/create-api-key';
import { startGatehouse, type Gatehouse } from '../harness';

// Budgets per member, key, end user and tag, per period: checked before the call, held near
// their limit like key spend limits, and answered with a 402 that names the budget.

let gatehouse: Gatehouse;

beforeAll(async () => {
  gatehouse = await startGatehouse();
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

const ADMIN = { authorization: 'Bearer admin-token-for-tests-0123456789', 'content-type': 'application/json' };
const hi = [{ role: 'user' as const, content: 'Hi' }];
/** $0.0001: two or three fake gpt-4o calls. */
const LIMIT = '0.0001';
const LIMIT_MICROS = 100;

type Outcome = { status: number; message: string };
const chat = (key: string, extra: Record<string, unknown> = {}): Promise<Outcome> =>
  new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions
    .create({ model: 'openai/gpt-4o', messages: hi, max_tokens: 20, ...extra } as never)
    .then(
      () => ({ status: 200, message: '' }),
      (error: InstanceType<typeof OpenAI.APIError>) => ({ status: error.status ?? 0, message: error.message }),
    );

/** Calls one after another (each row written before the next) until one is refused; at most 8. */
async function spendUntilRefused(call: () => Promise<Outcome>) {
  let served = 0;
  for (let index = 0; index < 8; index++) {
    const outcome = await call();
    await gatehouse.flush();
    if (outcome.status !== 200) return { served, refusal: outcome };
    served += 1;
  }
  throw new Error('never refused');
}

async function memberKey(team: { id: string }) {
  const member = await insertUser(gatehouse.db, { id: `user_${randomUUID()}`, email: `${randomUUID()}@example.com` });
  await insertMembership(gatehouse.db, { teamId: team.id, userId: member.id, role: 'member' });
  const asMember = gatehouse.runtime.serviceContext({ kind: 'user', userId: member.id, isInstanceAdmin: false });
  const { key } = await createApiKey({ ctx: asMember, input: { team: team.id, name: 'laptop' } });
  return { member, key };
}

const spentBy = async (teamId: string, where: ReturnType<typeof sql> | undefined = undefined) => {
  await gatehouse.flush();
  const [row] = await gatehouse.db
    .select({ cost: sql<string>`coalesce(sum(${usageLogs.costMicros}), 0)::text`, dearest: sql<string>`coalesce(max(${usageLogs.costMicros}), 0)::text` })
    .from(usageLogs)
    .where(and(eq(usageLogs.teamId, teamId), where));
  return { cost: Number(row.cost), dearest: Number(row.dearest) };
};

describe('each budget scope, over two periods', () => {
  for (const period of ['day', 'week', 'month', 'total'] as const) {
    it(`a ${period} tag budget stops that tag's traffic with a 402 naming it; other tags go on`, async () => {
      const team = await gatehouse.team();
      await createBudget({ ctx: gatehouse.ctx, input: { team: team.id, scope: 'tag', subject: 'batch-jobs', period, limit: LIMIT } });
      const tagged = { providerOptions: { gateway: { tags: ['batch-jobs', 'nightly'] } } };
      const { served, refusal } = await spendUntilRefused(() => chat(team.key, tagged));
      expect(served).toBeGreaterThan(0);
      expect(refusal.status).toBe(402);
      expect(refusal.message).toMatch(new RegExp(`budget exceeded: tag 'batch-jobs' ${period} limit \\$0\\.000100 \\(spent \\$0\\.000\\d{3}\\)`));
      const { cost, dearest } = await spentBy(team.id);
      expect(cost).toBeGreaterThanOrEqual(LIMIT_MICROS);
      expect(cost).toBeLessThan(LIMIT_MICROS + dearest);
      expect((await chat(team.key, { providerOptions: { gateway: { tags: ['interactive'] } } })).status).toBe(200);
    });
  }

  for (const period of ['day', 'month'] as const) {
    it(`a ${period} end-user budget stops that user (OpenAI's user field) and not others`, async () => {
      const team = await gatehouse.team();
      await createBudget({ ctx: gatehouse.ctx, input: { team: team.id, scope: 'user', subject: 'alice', period, limit: LIMIT } });
      const { refusal } = await spendUntilRefused(() => chat(team.key, { user: 'alice' }));
      expect(refusal).toMatchObject({ status: 402 });
      expect(refusal.message).toContain(`budget exceeded: user 'alice' ${period} limit $0.000100 (spent $0.000`);
      expect((await chat(team.key, { user: 'bob' })).status).toBe(200);
    });
  }

  for (const period of ['month', 'total'] as const) {
    it(`a ${period} key budget stops that key (Anthropic's billing_error envelope) and not the team's other keys`, async () => {
      const team = await gatehouse.team();
      const other = await createApiKey({ ctx: gatehouse.ctx, input: { team: team.id, name: 'other' } });
      await createBudget({ ctx: gatehouse.ctx, input: { team: team.id, scope: 'key', subject: team.keyId, period, limit: LIMIT } });
      const anthropic = new Anthropic({ baseURL: gatehouse.url, apiKey: team.key, maxRetries: 0 });
      const { refusal } = await spendUntilRefused(() =>
        anthropic.messages.create({ model: 'anthropic/claude-sonnet-4', max_tokens: 20, messages: hi }).then(
          () => ({ status: 200, message: '' }),
          (error: InstanceType<typeof Anthropic.APIError>) => {
            expect(error.error).toMatchObject({ type: 'error', error: { type: 'billing_error' } });
            return { status: error.status ?? 0, message: error.message };
          },
        ),
      );
      expect(refusal.status).toBe(402);
      expect(refusal.message).toContain(`budget exceeded: key '${team.keyId}' ${period} limit $0.000100`);
      expect((await chat(other.key)).status).toBe(200);
    });
  }

  for (const period of ['day', 'week'] as const) {
    it(`a ${period} member budget stops every key the member created, through the AI SDK too`, async () => {
      const team = await gatehouse.team();
      const { member, key } = await memberKey(team);
      const second = await createApiKey({ ctx: gatehouse.runtime.serviceContext({ kind: 'user', userId: member.id, isInstanceAdmin: false }), input: { team: team.id, name: 'desktop' } });
      // By email: the budget stores the member's user id.
      const budget = await createBudget({ ctx: gatehouse.ctx, input: { team: team.id, scope: 'member', subject: member.email, period, limit: LIMIT } });
      expect(budget.subject).toBe(member.id);
      const { refusal } = await spendUntilRefused(() => chat(key));
      expect(refusal.status).toBe(402);
      expect(refusal.message).toContain(`budget exceeded: member '${member.id}' ${period} limit`);
      const gateway = createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: second.key });
      const failure = await generateText({ model: gateway('openai/gpt-4o'), prompt: 'Hi', maxRetries: 0 }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ statusCode: 402 });
      expect((failure as Error).message).toContain(`budget exceeded: member '${member.id}'`);
      // The team's own key (created by the CLI, no member) is not this member's.
      expect((await chat(team.key)).status).toBe(200);
    });
  }
});

describe('budget spend', () => {
  it('counts BYOK traffic (cost, whoever pays the provider), as key spend limits do', async () => {
    const team = await gatehouse.team();
    const added = await fetch(`${gatehouse.url}/api/admin/teams/${team.id}/credentials`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ provider: 'openai', apiKey: 'sk-team-own' }) });
    expect(added.status).toBe(201);
    await createBudget({ ctx: gatehouse.ctx, input: { team: team.id, scope: 'key', subject: team.keyId, period: 'day', limit: LIMIT } });
    const { served, refusal } = await spendUntilRefused(() => chat(team.key));
    expect(refusal.status).toBe(402);
    const [row] = await gatehouse.db.select().from(usageLogs).where(and(eq(usageLogs.teamId, team.id), eq(usageLogs.status, 'success'))).limit(1);
    expect(row).toMatchObject({ credentialType: 'byok', billedMicros: 0 });
    expect(served).toBeGreaterThan(0);
  });

  it('concurrent requests overshoot a budget by less than one request, and leave no hold behind', async () => {
    const team = await gatehouse.team();
    const limitMicros = 600;
    await createBudget({ ctx: gatehouse.ctx, input: { team: team.id, scope: 'tag', subject: 'race', period: 'month', limit: '0.0006' } });
    // max_tokens bounds each hold (the worst case) above what the fake upstream bills, as a real cap would.
    const tagged = { max_tokens: 50, providerOptions: { gateway: { tags: ['race'] } } };
    const statuses: number[] = [];
    // Rounds of 20 at once until a round serves nothing: holds queue them, the budget stops them.
    for (let round = 0; round < 30; round++) {
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => chat(team.key, tagged)));
      statuses.push(...outcomes.map((outcome) => outcome.status));
      if (!outcomes.some((outcome) => outcome.status === 200)) break;
    }
    expect(statuses.every((status) => status === 200 || status === 402)).toBe(true);
    expect(statuses).toContain(402);
    const { cost, dearest } = await spentBy(team.id);
    expect(cost).toBeGreaterThanOrEqual(limitMicros);
    expect(cost).toBeLessThan(limitMicros + dearest);
    const holds = await gatehouse.db.select().from(creditHolds).where(eq(creditHolds.teamId, team.id));
    expect(holds).toHaveLength(0);
  }, 60_000);

  it('listBudgetStatus reports spend and fraction; the admin API lists, adds and deletes, scoped by team', async () => {
    const team = await gatehouse.team();
    const other = await gatehouse.team();
    const created = await fetch(`${gatehouse.url}/api/admin/teams/${team.id}/budgets`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ scope: 'user', subject: 'carol', period: 'week', limit: '0.001' }) });
    expect(created.status).toBe(201);
    const budget = (await created.json()) as { id: string };
    await chat(team.key, { user: 'carol' });
    await gatehouse.flush();
    const [status] = await listBudgetStatus(gatehouse.db, team.id);
    expect(status.budget.id).toBe(budget.id);
    expect(status.spentMicros).toBeGreaterThan(0);
    expect(status.fraction).toBeCloseTo(status.spentMicros / 1_000);

    const listed = await (await fetch(`${gatehouse.url}/api/admin/teams/${team.id}/budgets`, { headers: ADMIN })).json();
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ budget: { id: budget.id, scope: 'user', subject: 'carol', period: 'week', limitMicros: 1_000 }, spentMicros: status.spentMicros });

    const bad = await fetch(`${gatehouse.url}/api/admin/teams/${team.id}/budgets`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ scope: 'key', subject: other.keyId, period: 'day', limit: '1' }) });
    expect(bad.status).toBe(400);
    const badPeriod = await fetch(`${gatehouse.url}/api/admin/teams/${team.id}/budgets`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ scope: 'tag', subject: 'x', period: 'year', limit: '1' }) });
    expect(badPeriod.status).toBe(400);
    // Another team's id is not found.
    expect((await fetch(`${gatehouse.url}/api/admin/teams/${other.id}/budgets/${budget.id}`, { method: 'DELETE', headers: ADMIN })).status).toBe(404);
    expect((await fetch(`${gatehouse.url}/api/admin/teams/${team.id}/budgets/${budget.id}`, { method: 'DELETE', headers: ADMIN })).status).toBe(200);
    expect(await listBudgetStatus(gatehouse.db, team.id)).toEqual([]);
  });

  it('only admins list or change budgets', async () => {
    const team = await gatehouse.team();
    const { member } = await memberKey(team);
    const asMember = gatehouse.runtime.serviceContext({ kind: 'user', userId: member.id, isInstanceAdmin: false });
    await expect(listTeamBudgets({ ctx: asMember, input: { team: team.id } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createBudget({ ctx: asMember, input: { team: team.id, scope: 'tag', subject: 'x', period: 'day', limit: '1' } })).rejects.toMatchObject({ code: 'forbidden' });
    const budget = await createBudget({ ctx: gatehouse.ctx, input: { team: team.id, scope: 'tag', subject: 'x', period: 'day', limit: '1' } });
    await expect(deleteBudget({ ctx: asMember, input: { team: team.id, budgetId: budget.id } })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

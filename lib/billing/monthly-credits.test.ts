import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { getBalance, sumLedger } from '@/db/queries/credits';
import { updateTeamPlan } from '@/db/queries/teams';
import { creditLedger } from '@/db/schema';
import { freshDatabase } from '@/test/harness';
import { savePlan } from '../services/plans/manage-plans';
import { createTeam } from '../services/teams/create-team';
import { setTeamPlan } from '../services/teams/set-team-plan';
import { openTestServices, type TestServices } from '../services/test-services';
import { createMonthlyCredits, creditMonth, grantMonthlyCredits } from './monthly-credits';

// On PGlite, or on PostgreSQL when DATABASE_URL is set (there the races below are real connections).
let t: TestServices;
let database: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  database = await freshDatabase();
  t = await openTestServices({ url: database.url });
  await savePlan({ ctx: t.cli, input: { id: 'starter', name: 'Starter', monthlyCredits: '2' } });
  await savePlan({ ctx: t.cli, input: { id: 'bigger', name: 'Bigger', monthlyCredits: '50' } });
});
afterAll(async () => {
  await t?.close();
  await database?.drop();
});

const STARTER = 2_000_000;

async function teamOn(plan: string) {
  return createTeam({ ctx: t.cli, input: { name: `team ${Math.random().toString(36).slice(2, 8)}`, plan } });
}

const monthlyRows = (teamId: string) =>
  t.db.select().from(creditLedger).where(and(eq(creditLedger.teamId, teamId), eq(creditLedger.kind, 'monthly')));

/** The stored balance, which must always equal the sum of the ledger. */
async function balance(teamId: string): Promise<number> {
  const stored = (await getBalance(t.db, teamId))!.balanceMicros;
  expect(await sumLedger(t.db, teamId)).toBe(stored);
  return stored;
}

/** A clock the test moves, and a db whose transactions are counted (one per grant attempt). */
function instance(at: { now: Date }) {
  const counted = { transactions: 0 };
  const db = new Proxy(t.db, {
    get(target, property, receiver) {
      if (property === 'transaction') counted.transactions += 1;
      return Reflect.get(target, property, receiver);
    },
  }) as Db;
  return { counted, monthly: createMonthlyCredits({ db, now: () => at.now }) };
}

describe('monthly included credits', () => {
  it('are granted once when a team is created mid-month, as a readable ledger row', async () => {
    const team = await teamOn('starter');
    const rows = await monthlyRows(team.id);
    expect(rows).toEqual([
      expect.objectContaining({
        amountMicros: STARTER,
        balanceAfterMicros: STARTER,
        idempotencyKey: `monthly:${team.id}:${creditMonth()}`,
        note: `Included with the Starter plan for ${creditMonth()}`,
        actor: 'system',
      }),
    ]);
    expect(await balance(team.id)).toBe(STARTER);
  });

  it('are granted once per team and month however many instances ask at once', async () => {
    const team = await teamOn('pro');
    // A plan that includes credits, but no grant yet this month (as if set straight in the database).
    await updateTeamPlan(t.db, team.id, 'starter');
    const at = { now: new Date() };
    const instances = [instance(at), instance(at), instance(at)];
    const results = await Promise.all(instances.map(({ monthly }) => Promise.all([monthly.ensure(team.id), monthly.ensure(team.id), monthly.ensure(team.id)])));
    // One instance made the grant (its three asks shared one attempt); the others found it made.
    expect(results.filter((asks) => asks.every(Boolean))).toHaveLength(1);
    expect(results.filter((asks) => asks.every((granted) => !granted))).toHaveLength(2);
    expect(instances.map(({ counted }) => counted.transactions)).toEqual([1, 1, 1]);
    expect(await monthlyRows(team.id)).toHaveLength(1);
    expect(await balance(team.id)).toBe(STARTER);
  });

  it('never twice in the database, even when racing transactions skip the in-memory note', async () => {
    const team = await teamOn('starter');
    const month = '2031-01';
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => t.db.transaction((tx) => grantMonthlyCredits(tx, team.id, month))));
    expect(outcomes.filter((outcome) => outcome.outcome === 'granted')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.outcome === 'already-granted')).toHaveLength(7);
    expect(await monthlyRows(team.id)).toHaveLength(2);
    expect(await balance(team.id)).toBe(2 * STARTER);
  });

  it('costs nothing once this instance has seen the month granted', async () => {
    const team = await teamOn('starter');
    const { counted, monthly } = instance({ now: new Date() });
    expect(await monthly.ensure(team.id)).toBe(false);
    expect(counted.transactions).toBe(1);
    for (let i = 0; i < 5; i += 1) await monthly.ensure(team.id);
    expect(counted.transactions).toBe(1);
  });

  it('are granted again when a new month begins, and the unused rest carries over', async () => {
    const team = await teamOn('starter');
    const at = { now: new Date(Date.UTC(2030, 0, 31, 23, 59, 59)) };
    const { monthly } = instance(at);
    expect(await monthly.ensure(team.id)).toBe(true);
    expect(await monthly.ensure(team.id)).toBe(false);
    at.now = new Date(Date.UTC(2030, 1, 1, 0, 0, 0));
    expect(await monthly.ensure(team.id)).toBe(true);
    expect((await monthlyRows(team.id)).map((row) => row.idempotencyKey).sort()).toEqual(
      [`monthly:${team.id}:${creditMonth()}`, `monthly:${team.id}:2030-01`, `monthly:${team.id}:2030-02`].sort(),
    );
    expect(await balance(team.id)).toBe(3 * STARTER);
  });

  it('are not granted again when the plan changes mid-month', async () => {
    const team = await teamOn('starter');
    await setTeamPlan({ ctx: t.cli, input: { team: team.id, plan: 'bigger' } });
    const { monthly } = instance({ now: new Date() });
    expect(await monthly.ensure(team.id)).toBe(false);
    expect(await monthlyRows(team.id)).toHaveLength(1);
    expect(await balance(team.id)).toBe(STARTER);
  });

  it('are granted at once to a team moved mid-month from a plan without them', async () => {
    const team = await teamOn('pro');
    const { monthly } = instance({ now: new Date() });
    expect(await monthly.ensure(team.id)).toBe(false);
    expect(await monthlyRows(team.id)).toEqual([]);
    expect(await setTeamPlan({ ctx: t.cli, input: { team: team.id, plan: 'starter' } })).toMatchObject({ monthlyCreditsGrantedMicros: STARTER });
    expect(await balance(team.id)).toBe(STARTER);
    expect(await monthlyRows(team.id)).toHaveLength(1);
    expect(await monthly.ensure(team.id)).toBe(false);
    expect(await balance(team.id)).toBe(STARTER);
  });

  it('are swept to every team that is due, once', async () => {
    const due = await teamOn('pro');
    const without = await teamOn('pro');
    // Due: its plan includes credits and nothing granted them yet (setTeamPlan would grant at once).
    await updateTeamPlan(t.db, due.id, 'bigger');
    const at = { now: new Date() };
    expect(await instance(at).monthly.sweep()).toBe(1);
    expect(await instance(at).monthly.sweep()).toBe(0);
    expect(await balance(due.id)).toBe(50_000_000);
    expect(await balance(without.id)).toBe(0);
    expect(await monthlyRows(without.id)).toEqual([]);
  });
});

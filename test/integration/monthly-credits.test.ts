import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePlan } from '@/lib/services/plans/manage-plans';
import { createApiKey } from '@/lib/services/keys/create-api-key';
import { createTeam } from '@/lib/services/teams/create-team';
import { startGatehouse, type Gatehouse } from '../harness';

// openai/gpt-4o is $2.50 in / $10 out per million tokens; the fake upstream reports 12 in / 7 out.
const GPT4O_COST = 100;
const INCLUDED = 1_000_000;

let gatehouse: Gatehouse;
beforeAll(async () => {
  gatehouse = await startGatehouse();
});
afterAll(async () => gatehouse?.close());

/** A free-plan team with no credits of its own and one key. */
async function freeTeam() {
  const team = await createTeam({ ctx: gatehouse.ctx, input: { name: `free ${Math.random().toString(36).slice(2, 8)}`, plan: 'free' } });
  const key = await createApiKey({ ctx: gatehouse.ctx, input: { team: team.id, name: 'k' } });
  return { team, client: new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: key.key, maxRetries: 0 }) };
}

const hello = { model: 'openai/gpt-4o', messages: [{ role: 'user' as const, content: 'Hello' }] };
const status = (call: Promise<unknown>) => call.then(() => 200, (error: { status?: number }) => error.status);

describe('monthly included credits at the gateway', () => {
  it('let a free-plan team with no paid credits in, granted at its first request of the month, once', async () => {
    // Created while the free plan included nothing, so only the request path can grant.
    const { team, client } = await freeTeam();
    expect(await gatehouse.balance(team.id)).toBe(0);
    await savePlan({ ctx: gatehouse.ctx, input: { id: 'free', name: 'Free', monthlyCredits: INCLUDED / 1_000_000 } });
    try {
      const results = await Promise.all([1, 2, 3].map(() => status(client.chat.completions.create(hello))));
      expect(results).toEqual([200, 200, 200]);
      await status(client.chat.completions.create(hello));
      const ledger = await gatehouse.ledger(team.id);
      expect(ledger.filter((row) => row.kind === 'monthly')).toEqual([expect.objectContaining({ amountMicros: INCLUDED })]);
      expect(await gatehouse.balance(team.id)).toBe(INCLUDED - 4 * GPT4O_COST);
    } finally {
      await savePlan({ ctx: gatehouse.ctx, input: { id: 'free', name: 'Free', monthlyCredits: 0 } });
    }
  });

  it('still refuses (402) a free-plan team when the plan includes nothing', async () => {
    const { team, client } = await freeTeam();
    expect(await status(client.chat.completions.create(hello))).toBe(402);
    expect(await gatehouse.ledger(team.id)).toEqual([]);
  });
});

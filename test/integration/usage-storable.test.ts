import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsageDeadLetters } from '@/lib/services/usage/list-dead-letters';
import { usageRowFixture } from '@/test/usage-row';
import { startGatehouse, type Gatehouse } from '../harness';

// Issue 13 item 1: one byte PostgreSQL cannot store used to fail its whole batch on every retry,
// so nothing more was written or debited and every team ended in 503 usage_log_behind.

let gatehouse: Gatehouse;
let team: Awaited<ReturnType<Gatehouse['team']>>;

beforeAll(async () => {
  // Rows wait for an explicit flush, so hostile and ordinary rows share one batch.
  gatehouse = await startGatehouse({ env: { GATEHOUSE_METER_FLUSH_MS: '60000' } });
  team = await gatehouse.team(10_000_000);
});
afterAll(async () => gatehouse?.close());

async function chat(body: Record<string, unknown>) {
  const response = await fetch(`${gatehouse.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }], ...body }),
  });
  await response.arrayBuffer();
  return { status: response.status, generationId: response.headers.get('x-generation-id') ?? '' };
}

const admin = (path: string) => fetch(`${gatehouse.url}/api/admin${path}`, { headers: { authorization: 'Bearer admin-token-for-tests-0123456789' } });

describe('texts no database can store', () => {
  it('are made storable before buffering: NUL and lone surrogates in the model id, user and tags', async () => {
    const before = await gatehouse.balance(team.id);
    const nulModel = await chat({ model: 'openai/gpt-4o-mini\u0000x' });
    const nulUser = await chat({ model: 'openai/gpt-4o', providerOptions: { gateway: { user: 'a\u0000b', tags: ['t\u0000', 'ok'] } } });
    const surrogateUser = await chat({ model: 'openai/gpt-4o', user: 'x\ud800y' });
    const surrogateModel = await chat({ model: 'openai/\udfff' });
    const plain = await chat({ model: 'openai/gpt-4o' });
    expect([nulModel.status, nulUser.status, surrogateUser.status, surrogateModel.status, plain.status]).toEqual([404, 200, 200, 404, 200]);

    // One flush writes all five; it threw for ever before.
    await gatehouse.flush();
    expect((await gatehouse.usage(nulModel.generationId))?.requestedModel).toBe('openai/gpt-4o-mini\uFFFDx');
    expect(await gatehouse.usage(nulUser.generationId)).toMatchObject({ endUser: 'a\uFFFDb', tags: ['t\uFFFD', 'ok'], billedMicros: 100 });
    expect((await gatehouse.usage(surrogateUser.generationId))?.endUser).toBe('x\uFFFDy');
    expect((await gatehouse.usage(surrogateModel.generationId))?.requestedModel).toBe('openai/\uFFFD');
    expect((await gatehouse.usage(plain.generationId))?.status).toBe('success');
    expect(await gatehouse.balance(team.id)).toBe(before - 300);

    // And the gateway keeps billing: no usage_log_behind, the next request is debited too.
    const next = await chat({ model: 'openai/gpt-4o' });
    expect(next.status).toBe(200);
    expect(await gatehouse.balance(team.id)).toBe(before - 400);
    expect(gatehouse.runtime.gateway.meter.size).toBe(0);
  });
});

describe('a row the database refuses', () => {
  it('is isolated from its batch: the others are written, a refused row is stored without its free text, and one that still fails is dead-lettered', async () => {
    const meter = gatehouse.runtime.gateway.meter;
    // A rule this database enforces that no sanitizing anticipates: a stand-in for any row-specific refusal.
    await gatehouse.db.execute(sql`alter table usage_logs add constraint test_refuses_poison check (end_user is distinct from 'poison')`);
    try {
      const before = await gatehouse.balance(team.id);
      const first = await chat({ model: 'openai/gpt-4o' });
      const poisoned = await chat({ model: 'openai/gpt-4o', user: 'poison' });
      // A row for a team deleted meanwhile: refused (foreign key) even in its minimal form.
      meter.record(usageRowFixture('team_deleted_meanwhile', 'gen_dead_letter_1', 42));
      const others = await Promise.all([1, 2, 3].map(() => chat({ model: 'openai/gpt-4o' })));
      expect(meter.size).toBe(6);

      await gatehouse.flush();
      expect(meter.size).toBe(0);
      for (const { generationId } of [first, ...others]) expect((await gatehouse.usage(generationId))?.status).toBe('success');
      // Kept and billed, without the text the database refused.
      expect(await gatehouse.usage(poisoned.generationId)).toMatchObject({ endUser: null, billedMicros: 100, requestedModel: 'openai/gpt-4o' });
      expect(await gatehouse.balance(team.id)).toBe(before - 500);
      expect(meter.counters).toMatchObject({ storedMinimal: 1, deadLettered: 1 });
      expect(meter.counters.splitBatches).toBeGreaterThan(0);

      const response = await admin('/usage/dead-letters');
      expect(response.status).toBe(200);
      const body = (await response.json()) as { total: number; data: Array<Record<string, unknown>> };
      expect(body.total).toBe(1);
      expect(body.data[0]).toMatchObject({ generationId: 'gen_dead_letter_1', teamId: 'team_deleted_meanwhile', billedMicros: 42, errorCode: '23503' });
      expect(JSON.parse(body.data[0].row as string)).toMatchObject({ generationId: 'gen_dead_letter_1', billedMicros: 42 });
      expect((await fetch(`${gatehouse.url}/api/admin/usage/dead-letters`)).status).toBe(401);
      // They span teams: a console user who is not an instance admin sees none.
      const member = gatehouse.runtime.serviceContext({ kind: 'user', userId: 'user_someone', isInstanceAdmin: false });
      await expect(listUsageDeadLetters({ ctx: member, input: {} })).rejects.toMatchObject({ code: 'forbidden' });

      // Written once: a second flush (or a replay) changes nothing.
      meter.record(usageRowFixture('team_deleted_meanwhile', 'gen_dead_letter_1', 42));
      await gatehouse.flush();
      expect(((await (await admin('/usage/dead-letters')).json()) as { total: number }).total).toBe(1);
    } finally {
      await gatehouse.db.execute(sql`alter table usage_logs drop constraint test_refuses_poison`);
    }
  });
});

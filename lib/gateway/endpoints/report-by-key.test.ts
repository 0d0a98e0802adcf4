import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildUsageRollups } from '@/db/queries/usage-rollups';
import { usageLogs } from '@/db/schema';
import { createApiKey } from '@/lib/services/keys/create-api-key';
import { startGatehouse, type Gatehouse } from '@/test/harness';
import { usageRowFixture } from '@/test/usage-row';

/** GET /v1/report by API key: `group_by=api_key` and the `api_key_id` filter. */
let gatehouse: Gatehouse;
let team: Awaited<ReturnType<Gatehouse['team']>>;
let second: { id: string };
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  gatehouse = await startGatehouse();
  team = await gatehouse.team();
  second = await createApiKey({ ctx: gatehouse.ctx, input: { team: team.id, name: 'second' } });
  await gatehouse.db.insert(usageLogs).values([
    { ...usageRowFixture(team.id, 'gen_report_key_1', 100), apiKeyId: team.keyId },
    { ...usageRowFixture(team.id, 'gen_report_key_2', 200), apiKeyId: team.keyId },
    { ...usageRowFixture(team.id, 'gen_report_key_3', 1_000), apiKeyId: second.id },
    { ...usageRowFixture(team.id, 'gen_report_key_4', 50), apiKeyId: null },
  ]);
  // Written around the meter: build the rollups the report reads, as the meter would have.
  await rebuildUsageRollups(gatehouse.db);
});
afterAll(async () => gatehouse?.close());

const report = async (query: string) => {
  const response = await fetch(`${gatehouse.url}/v1/report?start_date=${today}&end_date=${today}&${query}`, { headers: { authorization: `Bearer ${team.key}` } });
  return { status: response.status, body: (await response.json()) as { results: Array<Record<string, unknown>> } };
};

describe('GET /v1/report by API key', () => {
  it('groups by key, the most expensive first, calls without a key as one row without a value', async () => {
    const { status, body } = await report('group_by=api_key');
    expect(status).toBe(200);
    expect(body.results.map((row) => [row.api_key ?? null, row.request_count, row.total_cost])).toEqual([
      [second.id, 1, 0.001],
      [team.keyId, 2, 0.0003],
      [null, 1, 0.00005],
    ]);
  });

  it('filters by one key', async () => {
    const { body } = await report(`group_by=day&api_key_id=${team.keyId}`);
    expect(body.results).toEqual([expect.objectContaining({ day: today, request_count: 2, total_cost: 0.0003 })]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyLedgerEntry } from '@/db/queries/credits';
import { openTestServices, rejection, type TestServices } from '../test-services';
import { getCreditSummary } from './get-credit-summary';
import { grantCredits } from './grant-credits';
import { listLedger } from './list-ledger';
import { setLowBalanceThreshold } from './set-low-balance-threshold';

let t: TestServices;
beforeAll(async () => {
  t = await openTestServices();
});
afterAll(async () => t?.close());

describe('listLedger', () => {
  it('pages newest first with the running balance', async () => {
    const team = await t.team();
    await grantCredits({ ctx: t.cli, input: { team: team.id, amountMicros: 10_000_000, note: 'welcome' } });
    for (let index = 1; index <= 4; index += 1) {
      await t.db.transaction((tx) => applyLedgerEntry(tx, { teamId: team.id, kind: 'debit', amountMicros: -index * 1_000, generationId: `gen_${team.id}_${index}` }));
    }
    const first = await listLedger({ ctx: team.viewer.ctx, input: { team: team.slug, limit: 3 } });
    expect(first.entries.map((entry) => entry.amountMicros)).toEqual([-4_000, -3_000, -2_000]);
    expect(first.entries[0].balanceAfterMicros).toBe(10_000_000 - 10_000);
    const second = await listLedger({ ctx: team.viewer.ctx, input: { team: team.slug, limit: 3, beforeId: first.nextBeforeId! } });
    expect(second.entries.map((entry) => entry.kind)).toEqual(['debit', 'grant']);
    expect(second.nextBeforeId).toBeNull();
  });

  it('rejects a member of another team', async () => {
    const team = await t.team();
    const other = await t.team();
    expect(await rejection(listLedger({ ctx: other.owner.ctx, input: { team: team.id } }))).toBe('not_found');
    expect(await rejection(getCreditSummary({ ctx: other.owner.ctx, input: { team: team.id } }))).toBe('not_found');
  });
});

describe('grantCredits from the console', () => {
  it('rejects team owners: only instance admins grant', async () => {
    const team = await t.team();
    const admin = await t.user({ instanceAdmin: true });
    expect(await rejection(grantCredits({ ctx: team.owner.ctx, input: { team: team.id, amountMicros: 1 } }))).toBe('forbidden');
    expect((await grantCredits({ ctx: admin.ctx, input: { team: team.id, amountMicros: 2_500_000 } })).balanceMicros).toBe(2_500_000);
  });
});

describe('setLowBalanceThreshold', () => {
  it('moves the warning line, for admins only', async () => {
    const team = await t.team();
    const other = await t.team();
    await setLowBalanceThreshold({ ctx: team.admin.ctx, input: { team: team.id, thresholdMicros: 5_000_000 } });
    expect(await getCreditSummary({ ctx: team.viewer.ctx, input: { team: team.id } })).toMatchObject({ balanceMicros: 0, lowBalanceThresholdMicros: 5_000_000, low: true });
    expect(await rejection(setLowBalanceThreshold({ ctx: team.viewer.ctx, input: { team: team.id, thresholdMicros: 0 } }))).toBe('forbidden');
    expect(await rejection(setLowBalanceThreshold({ ctx: team.member.ctx, input: { team: team.id, thresholdMicros: 0 } }))).toBe('forbidden');
    expect(await rejection(setLowBalanceThreshold({ ctx: other.admin.ctx, input: { team: team.id, thresholdMicros: 0 } }))).toBe('not_found');
  });
});

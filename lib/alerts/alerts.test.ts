import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { alertEvents, apiKeys, usageHourlyRollups, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { writeUsageBatch } from '@/db/queries/usage-logs';
import { createTeamNetwork } from '@/lib/net/team-network';
import { grantCredits } from '@/lib/services/credits/grant-credits';
import { createApiKey } from '@/lib/services/keys/create-api-key';
import { setEntityQuota } from '@/lib/services/quotas/manage-entity-quotas';
import { createAlertRule, listAlertEvents, updateAlertRule } from '@/lib/services/alerts/manage-alert-rules';
import { createWebhook, listWebhookDeliveries, listWebhooks, testWebhook, updateWebhook } from '@/lib/services/alerts/manage-webhooks';
import { openTestServices, rejection, type TestServices } from '@/lib/services/test-services';
import { freshDatabase } from '@/test/harness';
import { usageRowFixture } from '@/test/usage-row';
import { startWebhookReceiver, type WebhookReceiver } from '@/test/webhook-receiver';
import { defaultDeliveryPolicy, runDueDeliveries, type DeliveryDeps } from './deliver';
import { evaluateAlertRules } from './evaluate';
import { createBudget } from '../services/budgets/create-budget';

let t: TestServices;
let database: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  database = await freshDatabase();
  t = await openTestServices({ url: database.url });
}, 180_000);
afterAll(async () => {
  await t?.close();
  await database?.drop();
});

/** Jitter pinned to its middle: each wait is exactly base × 2^(attempt−1). */
const deps = (): DeliveryDeps => ({ db: t.db, secrets: t.as({ kind: 'cli' }).secrets, network: t.teamNetwork, random: () => 0.5 });
const evaluate = (now: Date) => evaluateAlertRules({ db: t.db, now, deadline: Date.now() + 60_000 });

/** A team with a webhook at a fresh receiver whose secret the receiver checks. */
async function teamWithReceiver(options: { failFirst?: number; events?: string[] } = {}) {
  const team = await t.team();
  const receiver = await startWebhookReceiver({ failFirst: options.failFirst });
  const webhook = await createWebhook({ ctx: team.admin.ctx, input: { team: team.id, url: receiver.url, events: options.events } });
  receiver.state.secret = webhook.secret;
  return { team, receiver, webhook };
}

const receivers: WebhookReceiver[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

describe('webhook endpoints', () => {
  it('return the signing secret once, store it encrypted, and never list it', async () => {
    const { team, receiver, webhook } = await teamWithReceiver();
    receivers.push(receiver);
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(webhook.secretHint).toBe(`••••${webhook.secret.slice(-4)}`);
    const listed = await listWebhooks({ ctx: team.owner.ctx, input: { team: team.id } });
    expect(JSON.stringify(listed)).not.toContain(webhook.secret);
    expect(listed[0]).not.toHaveProperty('encryptedSecret');
    expect(listed[0]).not.toHaveProperty('secret');
    const [stored] = await t.db.select({ sealed: webhookEndpoints.encryptedSecret }).from(webhookEndpoints).where(eq(webhookEndpoints.id, webhook.id));
    expect(stored.sealed).not.toContain(webhook.secret);
    expect(t.as({ kind: 'cli' }).secrets.decrypt(stored.sealed)).toBe(webhook.secret);
    const updated = await updateWebhook({ ctx: team.admin.ctx, input: { team: team.id, webhookId: webhook.id, enabled: false } });
    expect(JSON.stringify(updated)).not.toContain(webhook.secret);
  });

  it('are for admins and owners only, and scoped to their team', async () => {
    const team = await t.team();
    const other = await t.team();
    for (const role of ['member', 'viewer'] as const) {
      expect(await rejection(createWebhook({ ctx: team[role].ctx, input: { team: team.id, url: 'https://hooks.example.com/x' } }))).toBe('forbidden');
      expect(await rejection(listWebhooks({ ctx: team[role].ctx, input: { team: team.id } }))).toBe('forbidden');
    }
    const { webhook, receiver } = await teamWithReceiver();
    receivers.push(receiver);
    expect(await rejection(testWebhook({ ctx: other.admin.ctx, input: { team: other.id, webhookId: webhook.id } }))).toBe('not_found');
    expect(await rejection(listWebhooks({ ctx: other.admin.ctx, input: { team: team.id } }))).toBe('not_found');
  });

  it('refuse loopback and metadata addresses when saved, unless the operator allows the host', async () => {
    const strict = createTeamNetwork();
    const team = await t.team();
    const ctx = { ...team.admin.ctx, teamNetwork: strict };
    for (const url of ['http://127.0.0.1:9/hook', 'http://169.254.169.254/latest/meta-data', 'http://localhost/hook', 'http://[::1]/x', 'http://2130706433/x', 'ftp://example.com/x']) {
      expect(await rejection(createWebhook({ ctx, input: { team: team.id, url } })), url).toBe('invalid_request');
    }
    // The test services allow 127.0.0.1 (as an operator would with GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS); the metadata address stays refused.
    expect(await rejection(createWebhook({ ctx: team.admin.ctx, input: { team: team.id, url: 'http://169.254.169.254/latest' } }))).toBe('invalid_request');
    expect(await rejection(updateWebhook({ ctx: team.admin.ctx, input: { team: team.id, webhookId: 'whk_x', url: 'http://169.254.169.254/' } }))).toBe('invalid_request');
    await strict.close();
  });

  it('refuse to send to a non-public address even when the stored URL slipped past the check', async () => {
    const { team, receiver, webhook } = await teamWithReceiver();
    receivers.push(receiver);
    // Saved while the operator allowed 127.0.0.1; sent by an instance that does not.
    const strict = createTeamNetwork();
    const result = await testWebhook({ ctx: { ...team.admin.ctx, teamNetwork: strict }, input: { team: team.id, webhookId: webhook.id } });
    expect(result).toMatchObject({ status: 'pending', statusCode: null });
    expect(result.error).toMatch(/^refused/);
    // A URL changed behind the verbs' back (say, by hand in the database) is refused at send time too.
    await t.db.update(webhookEndpoints).set({ url: 'http://169.254.169.254/latest/meta-data' }).where(eq(webhookEndpoints.id, webhook.id));
    const again = await testWebhook({ ctx: team.admin.ctx, input: { team: team.id, webhookId: webhook.id } });
    expect(again.error).toMatch(/^refused/);
    expect(receiver.received).toHaveLength(0);
    await strict.close();
  });
});

describe('delivery', () => {
  it('signs the body, retries failures with exponential backoff on the injected clock, and logs every attempt', async () => {
    const { team, receiver, webhook } = await teamWithReceiver({ failFirst: 2 });
    receivers.push(receiver);
    const t0 = new Date('2031-03-01T10:00:00Z');
    let clock = t0;
    receiver.state.nowSeconds = () => Math.floor(clock.getTime() / 1000);
    await createAlertRule({ ctx: team.admin.ctx, input: { team: team.id, kind: 'low_balance', thresholds: [1_000_000] } });
    const fired = (await evaluate(t0)).filter((event) => event.teamId === team.id);
    expect(fired).toHaveLength(1);

    expect(await runDueDeliveries(deps(), clock)).toBeGreaterThanOrEqual(1);
    expect(receiver.received).toHaveLength(1);
    const [first] = await listWebhookDeliveries({ ctx: team.admin.ctx, input: { team: team.id, webhookId: webhook.id } });
    expect(first).toMatchObject({ status: 'pending', attempt: 1, statusCode: 500, error: 'answered 500', eventType: 'alert.low_balance' });
    expect(first.nextAttemptAt!.getTime() - t0.getTime()).toBe(defaultDeliveryPolicy.baseDelayMs);

    // Not due yet: nothing is sent.
    clock = new Date(t0.getTime() + defaultDeliveryPolicy.baseDelayMs - 1_000);
    await runDueDeliveries(deps(), clock);
    expect(receiver.received).toHaveLength(1);

    clock = new Date(t0.getTime() + defaultDeliveryPolicy.baseDelayMs);
    await runDueDeliveries(deps(), clock);
    const [second] = await listWebhookDeliveries({ ctx: team.admin.ctx, input: { team: team.id, webhookId: webhook.id } });
    expect(second).toMatchObject({ status: 'pending', attempt: 2, statusCode: 500 });
    expect(second.nextAttemptAt!.getTime() - clock.getTime()).toBe(2 * defaultDeliveryPolicy.baseDelayMs);

    clock = second.nextAttemptAt!;
    await runDueDeliveries(deps(), clock);
    const [third] = await listWebhookDeliveries({ ctx: team.admin.ctx, input: { team: team.id, webhookId: webhook.id } });
    expect(third).toMatchObject({ status: 'delivered', attempt: 3, statusCode: 200, error: null, nextAttemptAt: null });
    expect(third.deliveredAt).toEqual(clock);

    expect(receiver.received.map((item) => [item.verified, item.status])).toEqual([
      [true, 500],
      [true, 500],
      [true, 200],
    ]);
    // One delivery id on every attempt (receivers dedupe on it), a fresh signature timestamp each time.
    expect(new Set(receiver.received.map((item) => item.delivery))).toEqual(new Set([third.id]));
    expect(new Set(receiver.received.map((item) => item.signature)).size).toBe(3);
    const body = JSON.parse(receiver.received[2].body);
    expect(body).toMatchObject({ id: fired[0].id, type: 'alert.low_balance', team: { id: team.id, slug: team.slug }, data: { kind: 'low_balance', subject: 'team', threshold: 1_000_000, value: 0 } });
    expect(receiver.received[2].event).toBe('alert.low_balance');
  });

  it('gives up after six attempts spread over about an hour and marks the delivery failed', async () => {
    const { team, receiver, webhook } = await teamWithReceiver({ failFirst: 1_000 });
    receivers.push(receiver);
    const t0 = new Date('2031-04-01T10:00:00Z');
    let clock = t0;
    receiver.state.nowSeconds = () => Math.floor(clock.getTime() / 1000);
    const sent = await testWebhook({ ctx: team.admin.ctx, input: { team: team.id, webhookId: webhook.id }, now: t0 });
    expect(sent).toMatchObject({ status: 'pending', statusCode: 500 });
    const times: Date[] = [];
    for (let attempt = 2; attempt <= 7; attempt++) {
      const [row] = await listWebhookDeliveries({ ctx: team.admin.ctx, input: { team: team.id, webhookId: webhook.id } });
      if (row.status !== 'pending') break;
      clock = row.nextAttemptAt!;
      times.push(clock);
      await runDueDeliveries(deps(), clock);
    }
    const [row] = await listWebhookDeliveries({ ctx: team.admin.ctx, input: { team: team.id, webhookId: webhook.id } });
    expect(row).toMatchObject({ status: 'failed', attempt: 6, statusCode: 500, nextAttemptAt: null, deliveredAt: null });
    expect(receiver.received).toHaveLength(6);
    expect(receiver.received.every((item) => item.verified && item.event === 'webhook.test')).toBe(true);
    // The first wait (this send used real jitter) is 2 minutes ± 25 %; then 4 + 8 + 16 + 32 minutes with the jitter pinned.
    const firstWait = times[0].getTime() - t0.getTime();
    expect(firstWait).toBeGreaterThanOrEqual(90_000);
    expect(firstWait).toBeLessThanOrEqual(150_000);
    expect((clock.getTime() - times[0].getTime()) / 60_000).toBe(60);
  });

  it('records a bad secret on the receiver side as the status it answered (the signature really is checked)', async () => {
    const { team, receiver, webhook } = await teamWithReceiver();
    receivers.push(receiver);
    receiver.state.secret = 'whsec_not-the-right-one';
    const result = await testWebhook({ ctx: team.admin.ctx, input: { team: team.id, webhookId: webhook.id } });
    expect(result).toMatchObject({ status: 'pending', statusCode: 400 });
    expect(receiver.received[0].verified).toBe(false);
  });
});

describe('a secret that no longer decrypts', () => {
  it('is recorded as the reason, not thrown, so the sender goes on with other deliveries', async () => {
    const { team, receiver, webhook } = await teamWithReceiver();
    receivers.push(receiver);
    await t.db.update(webhookEndpoints).set({ encryptedSecret: 'v1.AAAA.BBBB.CCCC' }).where(eq(webhookEndpoints.id, webhook.id));
    const result = await testWebhook({ ctx: team.admin.ctx, input: { team: team.id, webhookId: webhook.id } });
    expect(result).toMatchObject({ status: 'pending', statusCode: null });
    expect(result.error).toContain('cannot be decrypted');
    expect(receiver.received).toHaveLength(0);
  });
});

describe('evaluation', () => {
  it('fires each rule kind once per threshold and period, with two evaluators and two senders racing', async () => {
    const now = new Date();
    const { team, receiver } = await teamWithReceiver();
    receivers.push(receiver);
    const ctx = team.admin.ctx;
    const cli = t.as({ kind: 'cli' });

    // low_balance: $2 granted, $1.20 spent below → $0.80 left; thresholds $1 and $0.10 → only $1 is crossed.
    await grantCredits({ ctx: cli, input: { team: team.id, amountMicros: 2_000_000 } });
    await createAlertRule({ ctx, input: { team: team.id, kind: 'low_balance', thresholds: [1_000_000, 100_000] } });
    // key_spend: 85 % of a lifetime $1 limit → 50 and 80 are crossed, 100 is not.
    const key = await createApiKey({ ctx, input: { team: team.id, name: 'limited', spendLimitMicros: 1_000_000 } });
    await t.db.update(apiKeys).set({ spentMicros: 850_000 }).where(eq(apiKeys.id, key.id));
    await createAlertRule({ ctx, input: { team: team.id, kind: 'key_spend', thresholds: [50, 80, 100] } });
    // entity_quota: $1.20 of a $1 monthly quota → all three.
    await setEntityQuota({ ctx, input: { team: team.id, entityId: 'customer-42', spendLimit: '1', period: 'month' } });
    await writeUsageBatch(t.db, [
      { ...usageRowFixture(team.id, `gen_q1_${team.id}`, 700_000), quotaEntityId: 'customer-42', createdAt: now },
      { ...usageRowFixture(team.id, `gen_q2_${team.id}`, 500_000), quotaEntityId: 'customer-42', createdAt: now },
    ]);
    await createAlertRule({ ctx, input: { team: team.id, kind: 'entity_quota', thresholds: [50, 80, 100] } });
    // provider_error_rate: 30 of 100 calls to openai failed this hour → 20 % crossed, 50 % not; groq has too few calls.
    const hour = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCHours()));
    await t.db.insert(usageHourlyRollups).values([
      { teamId: team.id, periodStart: hour, requestedModel: 'openai/gpt-4o', provider: 'openai', status: 'error', requests: 30 },
      { teamId: team.id, periodStart: hour, requestedModel: 'openai/gpt-4o', provider: 'openai', status: 'success', requests: 70 },
      { teamId: team.id, periodStart: hour, requestedModel: 'llama', provider: 'groq', status: 'error', requests: 5 },
    ]);
    await createAlertRule({ ctx, input: { team: team.id, kind: 'provider_error_rate', thresholds: [20, 50] } });

    await Promise.all([evaluate(now), evaluate(now), evaluate(now)]);
    await evaluate(new Date(now.getTime() + 1_000));
    const events = await listAlertEvents({ ctx, input: { team: team.id, limit: 100 } });
    const summary = events.map((event) => `${event.kind}:${event.subject}:${event.threshold}`).sort();
    expect(summary).toEqual(
      [
        'entity_quota:customer-42:100',
        'entity_quota:customer-42:50',
        'entity_quota:customer-42:80',
        `key_spend:${key.id}:50`,
        `key_spend:${key.id}:80`,
        'low_balance:team:1000000',
        'provider_error_rate:openai:20',
      ].sort(),
    );

    await Promise.all([runDueDeliveries(deps(), now), runDueDeliveries(deps(), now)]);
    expect(receiver.received).toHaveLength(7);
    expect(new Set(receiver.received.map((item) => JSON.parse(item.body).id)).size).toBe(7);
    expect(receiver.received.every((item) => item.verified)).toBe(true);
    const [{ count }] = await t.db.select({ count: sql<number>`count(*)::int` }).from(webhookDeliveries).where(eq(webhookDeliveries.teamId, team.id));
    expect(count).toBe(7);

    // A new period re-arms: a top-up for low_balance (still below $1), a raised lifetime limit for key_spend.
    await grantCredits({ ctx: cli, input: { team: team.id, amountMicros: 100_000 } });
    await t.db.update(apiKeys).set({ spendLimitMicros: 1_500_000 }).where(eq(apiKeys.id, key.id));
    const later = await evaluate(new Date(now.getTime() + 2_000));
    expect(later.filter((event) => event.teamId === team.id).map((event) => `${event.kind}:${event.threshold}`).sort()).toEqual(['key_spend:50', 'low_balance:1000000']);
  });

  it('fires budget thresholds once per budget period, and again when a lifetime budget’s limit changes', async () => {
    const now = new Date();
    const team = await t.team();
    const ctx = team.admin.ctx;
    const monthly = await createBudget({ ctx, input: { team: team.id, scope: 'tag', subject: 'batch', limit: '1', period: 'month' } });
    const lifetime = await createBudget({ ctx, input: { team: team.id, scope: 'user', subject: 'alice', limit: '2', period: 'total' } });
    // $0.90 on the tag (90 % of $1), $1.20 by alice (60 % of $2).
    await writeUsageBatch(t.db, [
      { ...usageRowFixture(team.id, `gen_b1_${team.id}`, 900_000), tags: ['batch'], createdAt: now },
      { ...usageRowFixture(team.id, `gen_b2_${team.id}`, 1_200_000), endUser: 'alice', createdAt: now },
    ]);
    await createAlertRule({ ctx, input: { team: team.id, kind: 'budget', thresholds: [50, 80, 100] } });
    await Promise.all([evaluate(now), evaluate(now)]);
    const fired = (await listAlertEvents({ ctx, input: { team: team.id, limit: 100 } })).map((event) => `${event.subject}:${event.threshold}`).sort();
    expect(fired).toEqual([`${lifetime.id}:50`, `${monthly.id}:50`, `${monthly.id}:80`].sort());
    // Same period: nothing new. A raised lifetime limit re-arms it ($1.20 of $2.20 is still past 50 %).
    expect((await evaluate(new Date(now.getTime() + 1_000))).filter((event) => event.teamId === team.id)).toEqual([]);
    await createBudget({ ctx, input: { team: team.id, scope: 'user', subject: 'alice', limit: '2.2', period: 'total' } });
    const again = (await evaluate(new Date(now.getTime() + 2_000))).filter((event) => event.teamId === team.id);
    expect(again.map((event) => `${event.subject}:${event.threshold}`)).toEqual([`${lifetime.id}:50`]);
  });

  it('sends only the kinds an endpoint asked for, and nothing for disabled rules or endpoints', async () => {
    const { team, receiver, webhook } = await teamWithReceiver({ events: ['key_spend'] });
    receivers.push(receiver);
    const now = new Date();
    const rule = await createAlertRule({ ctx: team.admin.ctx, input: { team: team.id, kind: 'low_balance', thresholds: [5_000_000] } });
    await evaluate(now);
    expect(await t.db.select().from(alertEvents).where(eq(alertEvents.ruleId, rule.id))).toHaveLength(1);
    await runDueDeliveries(deps(), now);
    expect(receiver.received).toHaveLength(0);

    const key = await createApiKey({ ctx: team.admin.ctx, input: { team: team.id, name: 'k', spendLimitMicros: 1_000_000 } });
    await t.db.update(apiKeys).set({ spentMicros: 1_000_000 }).where(eq(apiKeys.id, key.id));
    const keyRule = await createAlertRule({ ctx: team.admin.ctx, input: { team: team.id, kind: 'key_spend', thresholds: [100], enabled: false } });
    await evaluate(now);
    expect(await t.db.select().from(alertEvents).where(eq(alertEvents.ruleId, keyRule.id))).toHaveLength(0);
    await updateWebhook({ ctx: team.admin.ctx, input: { team: team.id, webhookId: webhook.id, enabled: false } });
    await updateAlertRule({ ctx: team.admin.ctx, input: { team: team.id, ruleId: keyRule.id, enabled: true } });
    await evaluate(now);
    expect(await t.db.select().from(alertEvents).where(eq(alertEvents.ruleId, keyRule.id))).toHaveLength(1);
    await runDueDeliveries(deps(), now);
    expect(receiver.received).toHaveLength(0);
  });

  it('validates thresholds by kind and refuses unknown kinds', async () => {
    const team = await t.team();
    const ctx = team.admin.ctx;
    expect(await rejection(createAlertRule({ ctx, input: { team: team.id, kind: 'key_spend', thresholds: [0] } }))).toBe('invalid_request');
    expect(await rejection(createAlertRule({ ctx, input: { team: team.id, kind: 'low_balance', thresholds: [0.5] } }))).toBe('invalid_request');
    expect(await rejection(createAlertRule({ ctx, input: { team: team.id, kind: 'budget', thresholds: [0] } }))).toBe('invalid_request');
    expect(await rejection(createAlertRule({ ctx, input: { team: team.id, kind: 'nothing' as never, thresholds: [50] } }))).not.toBe('resolved');
    expect(await rejection(createAlertRule({ ctx: team.member.ctx, input: { team: team.id, kind: 'key_spend', thresholds: [50] } }))).toBe('forbidden');
    const rule = await createAlertRule({ ctx, input: { team: team.id, kind: 'provider_error_rate', thresholds: [50, 10, 50] } });
    expect(rule).toMatchObject({ thresholds: [10, 50], windowHours: 1, minRequests: 20 });
  });
});

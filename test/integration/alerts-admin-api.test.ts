import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';
import { startWebhookReceiver, type WebhookReceiver } from '../webhook-receiver';

let gatehouse: Gatehouse;
let receiver: WebhookReceiver;
beforeAll(async () => {
  gatehouse = await startGatehouse({ env: { GATEHOUSE_ALERTS_INTERVAL_MS: '1000' } });
  receiver = await startWebhookReceiver();
}, 180_000);
afterAll(async () => {
  await receiver?.close();
  await gatehouse?.close();
});

const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${gatehouse.url}/api/admin${path}`, {
    method,
    headers: { authorization: 'Bearer admin-token-for-tests-0123456789', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('admin API: webhooks and alerts', () => {
  it('creates a webhook (secret once), sends a signed test event, and shows the delivery log', async () => {
    const team = await gatehouse.team();
    const created = await admin('POST', `/teams/${team.slug}/webhooks`, { url: receiver.url, description: 'ops', events: ['low_balance'] });
    expect(created.status).toBe(201);
    const webhook = (await created.json()) as { id: string; secret: string; secretHint: string };
    expect(webhook.secret).toMatch(/^whsec_/);
    receiver.state.secret = webhook.secret;

    const listed = await (await admin('GET', `/teams/${team.slug}/webhooks`)).text();
    expect(listed).toContain(webhook.id);
    expect(listed).not.toContain(webhook.secret);

    const test = await admin('POST', `/teams/${team.slug}/webhooks/${webhook.id}/test`);
    expect(test.status).toBe(201);
    expect(await test.json()).toMatchObject({ status: 'delivered', statusCode: 200, error: null });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ verified: true, event: 'webhook.test' });

    const log = (await (await admin('GET', `/teams/${team.slug}/webhooks/${webhook.id}/deliveries?limit=10`)).json()) as { data: Array<Record<string, unknown>> };
    expect(log.data).toHaveLength(1);
    expect(log.data[0]).toMatchObject({ eventType: 'webhook.test', status: 'delivered', attempt: 1, statusCode: 200 });
    expect(JSON.stringify(log)).not.toContain(webhook.secret);

    const disabled = await admin('PATCH', `/teams/${team.slug}/webhooks/${webhook.id}`, { enabled: false });
    expect(await disabled.json()).toMatchObject({ enabled: false });
    expect((await admin('DELETE', `/teams/${team.slug}/webhooks/${webhook.id}`)).status).toBe(200);
    expect((await admin('GET', `/teams/${team.slug}/webhooks/${webhook.id}/deliveries`)).status).toBe(404);
  });

  it('refuses a metadata URL and malformed input with the admin error envelope', async () => {
    const team = await gatehouse.team();
    const refused = await admin('POST', `/teams/${team.slug}/webhooks`, { url: 'http://169.254.169.254/latest/meta-data' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'invalid_request', param: 'url' } });
    const badKind = await admin('POST', `/teams/${team.slug}/alerts`, { kind: 'weather', thresholds: [50] });
    expect(badKind.status).toBe(400);
    expect(((await badKind.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('manages alert rules, and the background loop raises and delivers their alerts', async () => {
    const team = await gatehouse.team(0);
    const hookReceiver = await startWebhookReceiver();
    const webhook = (await (await admin('POST', `/teams/${team.slug}/webhooks`, { url: hookReceiver.url })).json()) as { id: string; secret: string };
    hookReceiver.state.secret = webhook.secret;
    const created = await admin('POST', `/teams/${team.slug}/alerts`, { kind: 'low_balance', thresholds: [1_000_000], enabled: false });
    expect(created.status).toBe(201);
    const rule = (await created.json()) as { id: string };
    const patched = await admin('PATCH', `/teams/${team.slug}/alerts/${rule.id}`, { thresholds: [2_000_000, 500_000], enabled: true });
    expect(await patched.json()).toMatchObject({ thresholds: [500_000, 2_000_000], enabled: true });
    expect(((await (await admin('GET', `/teams/${team.slug}/alerts`)).json()) as { data: unknown[] }).data).toHaveLength(1);
    // The team has no credit: the loop (every second here) raises both thresholds once and delivers each.
    const deadline = Date.now() + 20_000;
    while (hookReceiver.received.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const events = (await (await admin('GET', `/teams/${team.slug}/alert-events?unacknowledged=true`)).json()) as { data: Array<{ threshold: number }> };
    expect(events.data.map((event) => event.threshold).sort((a, b) => a - b)).toEqual([500_000, 2_000_000]);
    expect(hookReceiver.received.map((item) => [item.event, item.verified])).toEqual([
      ['alert.low_balance', true],
      ['alert.low_balance', true],
    ]);
    expect(await (await admin('POST', `/teams/${team.slug}/alert-events/acknowledge`)).json()).toEqual({ acknowledged: 2 });
    await hookReceiver.close();
    expect((await admin('DELETE', `/teams/${team.slug}/alerts/${rule.id}`)).status).toBe(200);
    expect((await admin('DELETE', `/teams/${team.slug}/alerts/${rule.id}`)).status).toBe(404);
  });
});

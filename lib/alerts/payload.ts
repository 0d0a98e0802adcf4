import type { AlertEvent } from '@/db/queries/alert-rules';

/** The JSON body receivers get for an alert (the delivery id and signature travel in headers). */
export function alertPayload(event: AlertEvent, teamSlug: string): Record<string, unknown> {
  return {
    id: event.id,
    type: `alert.${event.kind}`,
    created_at: event.createdAt.toISOString(),
    team: { id: event.teamId, slug: teamSlug },
    data: { rule_id: event.ruleId, kind: event.kind, subject: event.subject, threshold: event.threshold, value: event.value, period: event.periodKey, message: event.message },
  };
}

/** The body of "Send test event": the same shape, marked as a test. */
export function testPayload(input: { id: string; teamId: string; teamSlug: string; now: Date }): Record<string, unknown> {
  return {
    id: input.id,
    type: 'webhook.test',
    created_at: input.now.toISOString(),
    team: { id: input.teamId, slug: input.teamSlug },
    data: { message: 'A test event from Gatehouse. If you can read this, the endpoint and its signature check work.' },
  };
}

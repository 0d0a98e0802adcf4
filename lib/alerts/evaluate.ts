import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { insertAlertEventOnce, listEnabledAlertRules, type AlertEvent } from '@/db/queries/alert-rules';
import { insertDeliveries, listEndpointsForKind } from '@/db/queries/webhooks';
import { findSource } from './evaluators';
import { alertPayload } from './payload';

export const newId = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;

const PAGE = 200;

/**
 * One pass over every enabled rule: each crossing is inserted once (the unique key decides
 * between instances racing on the same rule) and, in the same transaction, one pending delivery
 * per enabled endpoint that takes its kind. Stops at `deadline`, leaving the rest to the next
 * pass. A failing rule is logged and skipped; it cannot stop the others.
 */
export async function evaluateAlertRules(options: { db: Db; now: Date; deadline: number; clock?: () => number; onError?: (ruleId: string, error: unknown) => void }): Promise<AlertEvent[]> {
  const clock = options.clock ?? Date.now;
  const fired: AlertEvent[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await listEnabledAlertRules(options.db, { afterId, limit: PAGE });
    for (const { rule, teamSlug } of page) {
      if (clock() > options.deadline) return fired;
      const source = findSource(rule.kind);
      if (!source) continue;
      try {
        for (const crossing of await source.evaluate(options.db, rule, options.now)) {
          const event = await options.db.transaction(async (tx) => {
            const inserted = await insertAlertEventOnce(tx, { id: newId('alrt'), teamId: rule.teamId, ruleId: rule.id, kind: rule.kind, ...crossing, createdAt: options.now });
            if (!inserted) return undefined;
            const endpoints = await listEndpointsForKind(tx, rule.teamId, rule.kind);
            const payload = alertPayload(inserted, teamSlug);
            await insertDeliveries(
              tx,
              endpoints.map((endpoint) => ({ id: newId('dlv'), teamId: rule.teamId, endpointId: endpoint.id, eventId: inserted.id, eventType: `alert.${rule.kind}`, payload, nextAttemptAt: options.now, createdAt: options.now, updatedAt: options.now })),
            );
            return inserted;
          });
          if (event) fired.push(event);
        }
      } catch (error) {
        options.onError?.(rule.id, error);
      }
    }
    if (page.length < PAGE) return fired;
    afterId = page[page.length - 1].rule.id;
  }
}

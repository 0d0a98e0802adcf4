import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { webhookDeliveries, webhookEndpoints } from '../schema';

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

/** What pages and APIs see of an endpoint: never the secret's ciphertext. */
const publicColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  secretHint: webhookEndpoints.secretHint,
  events: webhookEndpoints.events,
  enabled: webhookEndpoints.enabled,
  createdAt: webhookEndpoints.createdAt,
};

export async function insertWebhookEndpoint(db: DbOrTx, endpoint: typeof webhookEndpoints.$inferInsert) {
  await db.insert(webhookEndpoints).values(endpoint);
}

export async function listWebhookEndpoints(db: DbOrTx, teamId: string) {
  return db.select(publicColumns).from(webhookEndpoints).where(eq(webhookEndpoints.teamId, teamId)).orderBy(asc(webhookEndpoints.createdAt));
}

export async function findWebhookEndpoint(db: DbOrTx, teamId: string, endpointId: string) {
  const [row] = await db
    .select(publicColumns)
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.teamId, teamId), eq(webhookEndpoints.id, endpointId)))
    .limit(1);
  return row;
}

export async function updateWebhookEndpoint(db: DbOrTx, teamId: string, endpointId: string, patch: Partial<Pick<typeof webhookEndpoints.$inferInsert, 'url' | 'description' | 'events' | 'enabled'>>) {
  const [row] = await db
    .update(webhookEndpoints)
    .set(patch)
    .where(and(eq(webhookEndpoints.teamId, teamId), eq(webhookEndpoints.id, endpointId)))
    .returning(publicColumns);
  return row;
}

export async function deleteWebhookEndpoint(db: DbOrTx, teamId: string, endpointId: string): Promise<boolean> {
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.teamId, teamId), eq(webhookEndpoints.id, endpointId)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** Enabled endpoints of a team that take `kind` (an empty filter takes every kind). */
export async function listEndpointsForKind(db: DbOrTx, teamId: string, kind: string) {
  return db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.teamId, teamId), eq(webhookEndpoints.enabled, true), sql`(cardinality(${webhookEndpoints.events}) = 0 or ${kind} = any(${webhookEndpoints.events}))`));
}

export async function insertDeliveries(db: DbOrTx, deliveries: Array<typeof webhookDeliveries.$inferInsert>) {
  if (deliveries.length > 0) await db.insert(webhookDeliveries).values(deliveries);
}

/**
 * Takes up to `limit` deliveries due at `now` and leases them until `leaseUntil`: rows another
 * instance is claiming are skipped, not waited for, and a claimed row is not due again until
 * its lease runs out (so a crashed sender's work is picked up later, never twice at once).
 */
export async function claimDueDeliveries(db: DbOrTx, now: Date, leaseUntil: Date, limit: number) {
  const rows = await db.execute<{ id: string }>(sql`
    update webhook_deliveries set next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
    where id in (
      select id from webhook_deliveries
      where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
      order by next_attempt_at
      limit ${limit} for update skip locked)
    returning id`);
  if (rows.length === 0) return [];
  return loadDeliveries(
    db,
    rows.map((row) => row.id),
  );
}

/** Deliveries with their endpoint's URL and sealed secret: for the sender only. */
export async function loadDeliveries(db: DbOrTx, ids: string[]) {
  return db
    .select({
      id: webhookDeliveries.id,
      teamId: webhookDeliveries.teamId,
      eventType: webhookDeliveries.eventType,
      payload: webhookDeliveries.payload,
      attempt: webhookDeliveries.attempt,
      url: webhookEndpoints.url,
      encryptedSecret: webhookEndpoints.encryptedSecret,
      enabled: webhookEndpoints.enabled,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(inArray(webhookDeliveries.id, ids));
}

export async function recordDeliveryAttempt(
  db: DbOrTx,
  id: string,
  outcome: { attempt: number; status: 'pending' | 'delivered' | 'failed'; statusCode: number | null; error: string | null; nextAttemptAt: Date | null; at: Date },
) {
  await db
    .update(webhookDeliveries)
    .set({
      attempt: outcome.attempt,
      status: outcome.status,
      statusCode: outcome.statusCode,
      error: outcome.error,
      nextAttemptAt: outcome.nextAttemptAt,
      deliveredAt: outcome.status === 'delivered' ? outcome.at : null,
      updatedAt: outcome.at,
    })
    .where(eq(webhookDeliveries.id, id));
}

/** The delivery log of one endpoint (or the whole team), newest first, without payloads. */
export async function listDeliveries(db: DbOrTx, teamId: string, options: { endpointId?: string; limit: number }) {
  return db
    .select({
      id: webhookDeliveries.id,
      endpointId: webhookDeliveries.endpointId,
      eventId: webhookDeliveries.eventId,
      eventType: webhookDeliveries.eventType,
      status: webhookDeliveries.status,
      attempt: webhookDeliveries.attempt,
      statusCode: webhookDeliveries.statusCode,
      error: webhookDeliveries.error,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      createdAt: webhookDeliveries.createdAt,
      updatedAt: webhookDeliveries.updatedAt,
    })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.teamId, teamId), options.endpointId ? eq(webhookDeliveries.endpointId, options.endpointId) : undefined))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(options.limit);
}

/** Finished deliveries older than `before`; pending ones stay until they finish. */
export async function pruneDeliveries(db: DbOrTx, before: Date): Promise<number> {
  const rows = await db
    .delete(webhookDeliveries)
    .where(and(lt(webhookDeliveries.createdAt, before), sql`${webhookDeliveries.status} <> 'pending'`))
    .returning({ id: webhookDeliveries.id });
  return rows.length;
}



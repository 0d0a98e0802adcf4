import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import {
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  insertDeliveries,
  insertWebhookEndpoint,
  listDeliveries,
  listWebhookEndpoints,
  loadDeliveries,
  updateWebhookEndpoint,
} from '@/db/queries/webhooks';
import { attemptDelivery, defaultDeliveryPolicy, type DeliveryPolicy } from '../../alerts/deliver';
import { newId } from '../../alerts/evaluate';
import { alertKinds } from '../../alerts/evaluators';
import { testPayload } from '../../alerts/payload';
import { generateWebhookSecret } from '../../alerts/signature';
import { maskSecret } from '../../crypto/secrets';
import { GatewayError } from '../../gateway/errors';
import { strictTeamNetwork } from '../../net/team-network';
import { actorName, actorUserId, requireTeamRole, type ServiceContext } from '../context';

const urlSchema = z.string().trim().min(1).max(2_048);
const eventsSchema = z
  .array(z.enum(alertKinds as [string, ...string[]]))
  .max(alertKinds.length)
  .transform((events) => [...new Set(events)]);

export const createWebhookInput = z.object({
  team: z.string().min(1),
  url: urlSchema,
  description: z.string().trim().max(200).optional(),
  /** Alert kinds to send; empty or absent: every kind. */
  events: eventsSchema.optional(),
});

export const updateWebhookInput = z.object({
  team: z.string().min(1),
  webhookId: z.string().min(1).max(64),
  url: urlSchema.optional(),
  description: z.string().trim().max(200).optional(),
  events: eventsSchema.optional(),
  enabled: z.boolean().optional(),
});

const notFound = () => new GatewayError('not_found', 'No such webhook in this team.');

/** A webhook URL is the team's choice: refused unless it leads to a public address (or one the operator allows). */
async function requireWebhookUrl(ctx: ServiceContext, url: string) {
  const problem = await (ctx.teamNetwork ?? strictTeamNetwork()).checkUrl(url);
  if (problem) throw new GatewayError('invalid_request', `The webhook URL ${problem}.`, { param: 'url' });
}

/** Adds an endpoint; its signing secret is returned here once and stored only encrypted. */
export async function createWebhook({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof createWebhookInput> }) {
  const data = createWebhookInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  await requireWebhookUrl(ctx, data.url);
  const secret = generateWebhookSecret();
  const id = newId('whk');
  const endpoint = { id, url: data.url, description: data.description ?? '', secretHint: maskSecret(secret), events: data.events ?? [], enabled: true };
  await ctx.db.transaction(async (tx) => {
    await insertWebhookEndpoint(tx, { ...endpoint, teamId: team.id, encryptedSecret: ctx.secrets.encrypt(secret), createdBy: actorUserId(ctx.actor) });
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'webhook.create', target: id, data: { url: data.url, events: endpoint.events } });
  });
  return { ...endpoint, secret };
}

export async function listWebhooks({ ctx, input }: { ctx: ServiceContext; input: { team: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'admin');
  return listWebhookEndpoints(ctx.db, team.id);
}

/** Changes the URL (checked again), description, event filter or whether it is enabled. */
export async function updateWebhook({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof updateWebhookInput> }) {
  const data = updateWebhookInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  if (data.url !== undefined) await requireWebhookUrl(ctx, data.url);
  const patch = { url: data.url, description: data.description, events: data.events, enabled: data.enabled };
  return ctx.db.transaction(async (tx) => {
    const row = await updateWebhookEndpoint(tx, team.id, data.webhookId, patch);
    if (!row) throw notFound();
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'webhook.update', target: data.webhookId, data: patch });
    return row;
  });
}

/** Deletes an endpoint, its secret and its delivery log. */
export async function deleteWebhook({ ctx, input }: { ctx: ServiceContext; input: { team: string; webhookId: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'admin');
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteWebhookEndpoint(tx, team.id, input.webhookId))) throw notFound();
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'webhook.delete', target: input.webhookId });
  });
  return { id: input.webhookId, deleted: true };
}

/**
 * "Send test event": a signed `webhook.test` delivery, attempted now and recorded in the
 * delivery log like any other (a failure is retried on the usual schedule).
 */
export async function testWebhook({ ctx, input, now = new Date(), policy = defaultDeliveryPolicy }: { ctx: ServiceContext; input: { team: string; webhookId: string }; now?: Date; policy?: DeliveryPolicy }) {
  const team = await requireTeamRole(ctx, input.team, 'admin');
  const endpoint = await findWebhookEndpoint(ctx.db, team.id, input.webhookId);
  if (!endpoint) throw notFound();
  if (!endpoint.enabled) throw new GatewayError('invalid_request', 'The webhook is disabled; enable it to send a test event.');
  const id = newId('dlv');
  // Leased by this call from the start, so a background pass does not send it at the same moment.
  await insertDeliveries(ctx.db, [
    {
      id,
      teamId: team.id,
      endpointId: endpoint.id,
      eventType: 'webhook.test',
      payload: testPayload({ id: newId('test'), teamId: team.id, teamSlug: team.slug, now }),
      nextAttemptAt: new Date(now.getTime() + policy.leaseMs),
      createdAt: now,
      updatedAt: now,
    },
  ]);
  const [delivery] = await loadDeliveries(ctx.db, [id]);
  const outcome = await attemptDelivery({ db: ctx.db, secrets: ctx.secrets, network: ctx.teamNetwork ?? strictTeamNetwork(), policy }, delivery, now);
  return { deliveryId: id, ...outcome };
}

export const listDeliveriesInput = z.object({
  team: z.string().min(1),
  webhookId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The delivery log: newest first, status, attempts, the receiver's status code, and why an attempt failed. */
export async function listWebhookDeliveries({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof listDeliveriesInput> }) {
  const data = listDeliveriesInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  if (data.webhookId && !(await findWebhookEndpoint(ctx.db, team.id, data.webhookId))) throw notFound();
  return listDeliveries(ctx.db, team.id, { endpointId: data.webhookId, limit: data.limit });
}

import { z } from 'zod';
import {
  acknowledgeAlertEvents,
  countUnacknowledgedAlerts,
  deleteAlertRule,
  findAlertRule,
  insertAlertRule,
  listAlertEvents as listAlertEventRows,
  listAlertRules as listAlertRuleRows,
  updateAlertRule as updateAlertRuleRow,
} from '@/db/queries/alert-rules';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { newId } from '../../alerts/evaluate';
import { alertKinds, findSource } from '../../alerts/evaluators';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireTeamRole, type ServiceContext } from '../context';

const thresholdsSchema = z
  .array(z.number().finite().nonnegative())
  .min(1, 'give at least one threshold')
  .max(10, 'at most 10 thresholds')
  .transform((values) => [...new Set(values)].sort((a, b) => a - b));

const ruleFields = {
  thresholds: thresholdsSchema,
  windowHours: z.number().int().min(1).max(48).optional(),
  minRequests: z.number().int().min(1).max(1_000_000).optional(),
  enabled: z.boolean().optional(),
};

export const createAlertRuleInput = z.object({ team: z.string().min(1), kind: z.enum(alertKinds as [string, ...string[]]), ...ruleFields });

export const updateAlertRuleInput = z.object({ team: z.string().min(1), ruleId: z.string().min(1).max(64), ...ruleFields, thresholds: thresholdsSchema.optional() });

/** Percentages up to 1000 % (a key can overspend its limit by one request); balances are whole micro-dollars. */
function checkThresholds(kind: string, thresholds: number[]) {
  const unit = findSource(kind)?.unit;
  const bad = unit === 'percent' ? thresholds.find((value) => value <= 0 || value > 1_000) : thresholds.find((value) => !Number.isSafeInteger(value) || value <= 0);
  if (bad !== undefined) {
    const expected = unit === 'percent' ? 'percentages above 0 and up to 1000' : 'whole micro-dollar amounts above 0';
    throw new GatewayError('invalid_request', `Thresholds of a ${kind} rule are ${expected}; got ${bad}.`, { param: 'thresholds' });
  }
}

const notFound = () => new GatewayError('not_found', 'No such alert rule in this team.');

export async function createAlertRule({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof createAlertRuleInput> }) {
  const data = createAlertRuleInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  checkThresholds(data.kind, data.thresholds);
  const errorRate = data.kind === 'provider_error_rate';
  return ctx.db.transaction(async (tx) => {
    const rule = await insertAlertRule(tx, {
      id: newId('rule'),
      teamId: team.id,
      kind: data.kind,
      thresholds: data.thresholds,
      windowHours: errorRate ? (data.windowHours ?? 1) : null,
      minRequests: errorRate ? (data.minRequests ?? 20) : null,
      enabled: data.enabled ?? true,
    });
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'alert_rule.create', target: rule.id, data: { kind: rule.kind, thresholds: rule.thresholds } });
    return rule;
  });
}

export async function listAlertRules({ ctx, input }: { ctx: ServiceContext; input: { team: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'admin');
  return listAlertRuleRows(ctx.db, team.id);
}

export async function updateAlertRule({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof updateAlertRuleInput> }) {
  const data = updateAlertRuleInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  const existing = await findAlertRule(ctx.db, team.id, data.ruleId);
  if (!existing) throw notFound();
  if (data.thresholds) checkThresholds(existing.kind, data.thresholds);
  const errorRate = existing.kind === 'provider_error_rate';
  const patch = { thresholds: data.thresholds, enabled: data.enabled, windowHours: errorRate ? data.windowHours : undefined, minRequests: errorRate ? data.minRequests : undefined };
  return ctx.db.transaction(async (tx) => {
    const rule = await updateAlertRuleRow(tx, team.id, data.ruleId, patch);
    if (!rule) throw notFound();
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'alert_rule.update', target: rule.id, data: patch });
    return rule;
  });
}

/** Deletes a rule with the alerts it raised and their deliveries. */
export async function removeAlertRule({ ctx, input }: { ctx: ServiceContext; input: { team: string; ruleId: string } }) {
  const team = await requireTeamRole(ctx, input.team, 'admin');
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteAlertRule(tx, team.id, input.ruleId))) throw notFound();
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'alert_rule.delete', target: input.ruleId });
  });
  return { id: input.ruleId, deleted: true };
}

export const listAlertEventsInput = z.object({
  team: z.string().min(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  unacknowledged: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .optional()
    .transform((value) => value === true || value === 'true' || value === '1'),
});

export async function listAlertEvents({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof listAlertEventsInput> }) {
  const data = listAlertEventsInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  return listAlertEventRows(ctx.db, team.id, { limit: data.limit, unacknowledgedOnly: data.unacknowledged });
}

/** For the team layout's banner: unacknowledged alerts of the last week (0 for roles that do not see alerts). */
export async function countRecentAlerts({ ctx, input, now = new Date() }: { ctx: ServiceContext; input: { team: string }; now?: Date }) {
  const team = await requireTeamRole(ctx, input.team, 'admin');
  return countUnacknowledgedAlerts(ctx.db, team.id, new Date(now.getTime() - 7 * 86_400_000));
}

export async function acknowledgeAlerts({ ctx, input, now = new Date() }: { ctx: ServiceContext; input: { team: string }; now?: Date }) {
  const team = await requireTeamRole(ctx, input.team, 'admin');
  const acknowledged = await ctx.db.transaction(async (tx) => {
    const count = await acknowledgeAlertEvents(tx, team.id, now);
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'alert.acknowledge', target: team.id, data: { count } });
    return count;
  });
  return { acknowledged };
}

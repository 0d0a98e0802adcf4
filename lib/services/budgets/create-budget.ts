import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { findApiKeyTeam } from '@/db/queries/api-keys';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { upsertBudget } from '@/db/queries/budgets';
import { findRole } from '@/db/queries/memberships';
import { findUserByEmail } from '@/db/queries/users';
import { GatewayError } from '../../gateway/errors';
import { dollarsSchema } from '../../money';
import { actorName, requireTeamRole, type ServiceContext } from '../context';

export const createBudgetInput = z.object({
  team: z.string().min(1),
  scope: z.enum(['member', 'key', 'user', 'tag']),
  /** member: a user id or email (or `oidc:<sub>`); key: a key id; user: the `user` sent with requests; tag: a tag. */
  subject: z
    .string()
    .trim()
    .min(1)
    .max(256)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'must not contain control characters'),
  period: z.enum(['day', 'week', 'month', 'total']),
  limit: dollarsSchema.refine((micros) => micros > 0, 'must be more than $0'),
});

/** The subject as the gateway will match it: a member's user id, a key of this team. */
async function resolveSubject(ctx: ServiceContext, teamId: string, scope: string, subject: string): Promise<string> {
  if (scope === 'key') {
    if ((await findApiKeyTeam(ctx.db, subject)) !== teamId) throw new GatewayError('invalid_request', `The team has no API key '${subject}'.`, { param: 'subject' });
    return subject;
  }
  if (scope !== 'member' || subject.startsWith('oidc:')) return subject;
  const userId = subject.includes('@') ? (await findUserByEmail(ctx.db, subject.toLowerCase()))?.id : subject;
  if (!userId || !(await findRole(ctx.db, teamId, userId))) throw new GatewayError('invalid_request', `'${subject}' is not a member of the team.`, { param: 'subject' });
  return userId;
}

/** Sets a budget (or changes the limit of the same scope, subject and period). */
export async function createBudget({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof createBudgetInput> }) {
  const data = createBudgetInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  const subject = await resolveSubject(ctx, team.id, data.scope, data.subject);
  const budget = await ctx.db.transaction(async (tx) => {
    const row = await upsertBudget(tx, { id: `bud_${randomUUID().replace(/-/g, '').slice(0, 20)}`, teamId: team.id, scope: data.scope, subject, period: data.period, limitMicros: data.limit });
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'budget.set', target: row.id, data: { scope: data.scope, subject, period: data.period, limitMicros: data.limit } });
    return row;
  });
  ctx.invalidate.team(team.id);
  return budget;
}

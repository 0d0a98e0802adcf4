import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { applyLedgerEntry } from '@/db/queries/credits';
import { insertMembership } from '@/db/queries/memberships';
import { findPlan } from '@/db/queries/plans';
import { findTeam, insertTeam } from '@/db/queries/teams';
import { creditMonth, grantMonthlyCredits } from '../../billing/monthly-credits';
import { GatewayError } from '../../gateway/errors';
import { actorName, requireInstanceAdmin, type ServiceContext } from '../context';

export const createTeamInput = z.object({
  name: z.string().trim().min(1).max(100),
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,47}$/, 'slug: lower-case letters, digits and dashes, 2-48 characters')
    .optional(),
  plan: z.string().min(1).max(32).optional(),
  initialCreditsMicros: z.number().int().min(0).optional(),
});

function slugify(name: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return base.length >= 2 ? base : `team-${randomUUID().slice(0, 8)}`;
}

/** A new team; a signed-in user who creates one becomes its owner. */
export async function createTeam({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof createTeamInput> }) {
  const data = createTeamInput.parse(input);
  if (data.initialCreditsMicros) requireInstanceAdmin(ctx);
  const slug = data.slug ?? slugify(data.name);
  if (await findTeam(ctx.db, slug)) throw new GatewayError('invalid_request', `A team with slug '${slug}' already exists.`, { param: 'slug', status: 409 });
  const plan = data.plan ?? ctx.defaults?.plan ?? 'pro';
  if (data.plan) requireInstanceAdmin(ctx);
  if (!(await findPlan(ctx.db, plan))) throw new GatewayError('invalid_request', `Unknown plan '${plan}'.`, { param: 'plan' });
  const team = { id: `team_${randomUUID().replace(/-/g, '').slice(0, 20)}`, slug, name: data.name, plan };
  await ctx.db.transaction(async (tx) => {
    await insertTeam(tx, team);
    if (ctx.actor.kind === 'user') await insertMembership(tx, { teamId: team.id, userId: ctx.actor.userId, role: 'owner' });
    // A team created mid-month gets the month's included credits at once.
    await grantMonthlyCredits(tx, team.id, creditMonth());
    if (data.initialCreditsMicros) {
      await applyLedgerEntry(tx, { teamId: team.id, kind: 'grant', amountMicros: data.initialCreditsMicros, note: 'initial credits', actor: actorName(ctx.actor) });
    }
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'team.create', target: team.id, data: { slug, name: data.name } });
  });
  return team;
}

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { insertOidcTrust } from '@/db/queries/oidc-trusts';
import { issuerUrlProblem, normalizeIssuer } from '../../auth/oidc-issuer';
import { GatewayError } from '../../gateway/errors';
import { urlShapeProblem } from '../../net/outbound-url';
import { strictTeamNetwork } from '../../net/team-network';
import { actorName, actorUserId, requireTeamRole, type ServiceContext } from '../context';

const issuer = z
  .string()
  .trim()
  .min(1)
  .max(1_000)
  .transform(normalizeIssuer)
  .superRefine((value, check) => {
    // What needs no knowledge of the operator's network; the rest is checked in the verb.
    const problem = urlShapeProblem(value);
    if (problem) check.addIssue({ code: 'custom', message: `The issuer ${problem}.` });
  });

export const addOidcTrustInput = z.object({
  team: z.string().min(1),
  issuer,
  audience: z.string().trim().min(1).max(500),
  /**
   * Claim name → glob (see lib/auth/oidc-claims.ts). At least one: an issuer such as GitHub
   * Actions signs tokens for every repository on it, with any audience the workflow asks for.
   */
  claimConditions: z
    .record(z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be a claim name'), z.string().min(1).max(500))
    .refine((conditions) => Object.keys(conditions).length > 0, {
      message: "Add at least one claim condition (usually on 'sub'); without one, every workload the issuer signs for could act as this team.",
    })
    .refine((conditions) => Object.keys(conditions).length <= 20, { message: 'At most 20 claim conditions.' }),
  label: z.string().trim().min(1).max(100).optional(),
  enabled: z.boolean().optional(),
});

/** The issuer must lead where a team may send Gatehouse: the same rules the authenticator applies on every fetch. */
async function requireReachableIssuer(ctx: ServiceContext, url: string) {
  const network = ctx.teamNetwork ?? strictTeamNetwork();
  const problem = issuerUrlProblem(url, network.policy) ?? (await network.checkUrl(url));
  if (problem) throw new GatewayError('invalid_request', `The issuer ${problem}.`, { param: 'issuer' });
}

/** Lets workloads holding a matching JWT from `issuer` call the gateway as the team, with no stored key. */
export async function addOidcTrust({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof addOidcTrustInput> }) {
  const data = addOidcTrustInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  await requireReachableIssuer(ctx, data.issuer);
  const id = `oidc_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const trust = await ctx.db.transaction(async (tx) => {
    const row = await insertOidcTrust(tx, {
      id,
      teamId: team.id,
      issuer: data.issuer,
      audience: data.audience,
      claimConditions: data.claimConditions,
      label: data.label ?? new URL(data.issuer).host,
      enabled: data.enabled ?? true,
      createdBy: actorUserId(ctx.actor),
    });
    await insertAuditEntry(tx, {
      teamId: team.id,
      actor: actorName(ctx.actor),
      action: 'oidc_trust.create',
      target: id,
      data: { issuer: data.issuer, audience: data.audience, claimConditions: data.claimConditions },
    });
    return row;
  });
  ctx.invalidate.team(team.id);
  return trust;
}

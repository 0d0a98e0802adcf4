import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { insertCredential } from '@/db/queries/provider-credentials';
import { maskSecret } from '../../crypto/secrets';
import { GatewayError } from '../../gateway/errors';
import { strictTeamNetwork } from '../../net/team-network';
import { getProvider } from '../../providers/registry';
import { actorName, requireTeamRole, type ServiceContext } from '../context';

export const addCredentialInput = z.object({
  team: z.string().min(1),
  provider: z.string().min(1),
  apiKey: z.string().min(1).max(4096),
  label: z.string().trim().min(1).max(100).optional(),
  baseUrl: z.string().url().optional(),
  zeroDataRetention: z.boolean().optional(),
  modelMappings: z.record(z.string(), z.string()).optional(),
});

/** A base URL is the team's choice: refused unless it leads to a public address (or one the operator allows). */
export async function requireTeamBaseUrl(ctx: ServiceContext, baseUrl: string) {
  const problem = await (ctx.teamNetwork ?? strictTeamNetwork()).checkUrl(baseUrl);
  if (problem) throw new GatewayError('invalid_request', `The base URL ${problem}.`, { param: 'baseUrl' });
}

/** Stores a team's own provider key, encrypted; what comes back carries only a masked hint. */
export async function addCredential({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof addCredentialInput> }) {
  const data = addCredentialInput.parse(input);
  const team = await requireTeamRole(ctx, data.team, 'admin');
  if (!getProvider(data.provider)) throw new GatewayError('invalid_request', `Unknown provider '${data.provider}'.`, { param: 'provider' });
  if (data.baseUrl) await requireTeamBaseUrl(ctx, data.baseUrl);
  const id = `cred_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const credential = {
    id,
    teamId: team.id,
    provider: data.provider,
    label: data.label ?? `${data.provider} key`,
    hint: maskSecret(data.apiKey),
    baseUrl: data.baseUrl ?? null,
    zeroDataRetention: data.zeroDataRetention ?? false,
    modelMappings: data.modelMappings ?? {},
  };
  await ctx.db.transaction(async (tx) => {
    await insertCredential(tx, { ...credential, encryptedSecret: ctx.secrets.encrypt(data.apiKey), createdBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null });
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'credential.create', target: id, data: { provider: data.provider } });
  });
  ctx.invalidate.team(team.id);
  return credential;
}

import { z } from 'zod';
import { insertAuditEntry } from '@/db/queries/audit-log';
import { updateTeamSettings as updateSettingsRow } from '@/db/queries/teams';
import { getProvider } from '../../providers/registry';
import { customPatternProblem, MAX_CUSTOM_PATTERNS } from '../../privacy/redact';
import { modelPatternList } from '../models/model-patterns';
import { actorName, requireTeamRole, type ServiceContext } from '../context';

const providerSlug = z.string().refine((slug) => Boolean(getProvider(slug)), { error: (issue) => `Unknown provider '${String(issue.input)}'.` });
const redactionPattern = z.string().superRefine((source, issue) => {
  const problem = customPatternProblem(source);
  if (problem) issue.addIssue({ code: 'custom', message: problem });
});

const providerList = z.array(providerSlug).max(50).transform((list) => [...new Set(list)]);

export const updateTeamSettingsInput = z.object({
  team: z.string().min(1),
  /** null or empty: every provider is allowed. */
  providerAllowlist: providerList.nullable().optional(),
  providerDenylist: providerList.optional(),
  /** null or empty: every model is allowed. Exact ids or `provider/*` prefixes. */
  modelAllowlist: modelPatternList.nullable().optional(),
  modelDenylist: modelPatternList.optional(),
  defaultProviderOrder: providerList.optional(),
  zeroDataRetention: z.boolean().optional(),
  disallowPromptTraining: z.boolean().optional(),
  byokFallbackToSystem: z.boolean().optional(),
  /** Requests that do not set `caching` get `auto`; a request's `off` still wins. */
  promptCachingAuto: z.boolean().optional(),
  /** Keep redacted request and response bodies (never under zero data retention, nor when the instance turned it off). */
  storeBodies: z.boolean().optional(),
  bodyRetentionDays: z.number().int().min(1).max(3650).optional(),
  /** The team's own redaction regexes, on top of the built-in ones. */
  redactionPatterns: z.array(redactionPattern).max(MAX_CUSTOM_PATTERNS).optional(),
});

/** Changes a team's routing policy; the next request (on every cache) sees it. */
export async function updateTeamSettings({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof updateTeamSettingsInput> }) {
  const { team: teamRef, ...patch } = updateTeamSettingsInput.parse(input);
  const team = await requireTeamRole(ctx, teamRef, 'admin');
  const normalized = {
    ...patch,
    ...(patch.providerAllowlist !== undefined ? { providerAllowlist: patch.providerAllowlist?.length ? patch.providerAllowlist : null } : {}),
    ...(patch.modelAllowlist !== undefined ? { modelAllowlist: patch.modelAllowlist?.length ? patch.modelAllowlist : null } : {}),
  };
  await ctx.db.transaction(async (tx) => {
    await updateSettingsRow(tx, team.id, normalized);
    await insertAuditEntry(tx, { teamId: team.id, actor: actorName(ctx.actor), action: 'team.settings', target: team.id, data: normalized });
  });
  ctx.invalidate.team(team.id);
  return { teamId: team.id, ...normalized };
}

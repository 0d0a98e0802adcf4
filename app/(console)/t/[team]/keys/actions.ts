'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formText, runAction, type ActionState } from '@/lib/console/action-state';
import { dollarsSchema } from '@/lib/money';
import { getRuntime } from '@/lib/runtime';
import { createApiKey } from '@/lib/services/keys/create-api-key';
import { revokeApiKey } from '@/lib/services/keys/revoke-api-key';
import { listTeamModels } from '@/lib/services/models/list-team-models';
import { chooseSnippetModel } from '@/lib/services/models/usable-models';

/** `model`: what the snippets call, one the team can call now; null when it can call none. */
export type CreatedKey = { id: string; name: string; prefix: string; key: string; model: string | null };

const createKeyForm = z.object({
  name: z.string().trim().min(1, 'Give the key a name, like "backend" or "staging".').max(100),
  expiresOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Pick an expiry date.')
    .optional()
    .transform((value) => (value ? new Date(`${value}T23:59:59.999Z`) : undefined))
    .refine((value) => !value || value.getTime() > Date.now(), 'The expiry date must be in the future.'),
  spendLimit: dollarsSchema.optional().refine((value) => value === undefined || value > 0, 'The spend limit must be more than $0.'),
  spendLimitPeriod: z.enum(['total', 'day', 'month']).default('total'),
});

/** POST (server action) create key: members and above. The key is returned once, never stored. */
export async function createKeyAction(teamSlug: string, _previous: ActionState<CreatedKey> | undefined, form: FormData): Promise<ActionState<CreatedKey>> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'member');
    const input = createKeyForm.parse({
      name: formText(form, 'name') ?? '',
      expiresOn: formText(form, 'expiresOn'),
      spendLimit: formText(form, 'spendLimit'),
      spendLimitPeriod: formText(form, 'spendLimitPeriod'),
    });
    const created = await createApiKey({
      ctx,
      input: { team: team.id, name: input.name, expiresAt: input.expiresOn, spendLimitMicros: input.spendLimit, spendLimitPeriod: input.spendLimit ? input.spendLimitPeriod : undefined },
    });
    revalidatePath(`/t/${team.slug}/keys`);
    // Asked after the key exists, so the snippets follow the policy as it is now.
    const models = await listTeamModels({ ctx, deps: (await getRuntime()).gateway, input: { team: team.id } });
    return { ok: true, data: { id: created.id, name: created.name, prefix: created.prefix, key: created.key, model: chooseSnippetModel(models) ?? null } };
  });
}

/** Revoke key: admins and above; the gateway refuses the key from the next request. */
export async function revokeKeyAction(teamSlug: string, keyId: string): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await revokeApiKey({ ctx, input: { keyId, team: team.id } });
    revalidatePath(`/t/${team.slug}/keys`);
    return { ok: true, message: 'Key revoked.' };
  });
}

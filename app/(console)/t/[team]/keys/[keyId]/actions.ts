'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formText, runAction, type ActionState } from '@/lib/console/action-state';
import { rotateApiKey, type RotationGrace } from '@/lib/services/keys/rotate-api-key';
import { updateApiKey } from '@/lib/services/keys/update-api-key';

export type RotatedKey = { key: string; prefix: string; previousValidUntil: string; immediate: boolean };

/** An empty field lifts the limit (null); a field the form did not send (disabled) is left alone. */
const cleared = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? null : value), schema.nullable());
const wholeNumber = (what: string) => cleared(z.coerce.number({ error: `${what}: enter a whole number.` }).int(`${what}: enter a whole number.`).positive(`${what} must be more than 0.`));

const editKeyForm = z.object({
  name: z.string().trim().min(1, 'Give the key a name.').max(100).optional(),
  expiresOn: cleared(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Pick an expiry date.')
      .transform((value) => new Date(`${value}T23:59:59.999Z`)),
  ).optional(),
  // Checked by the verb (dollars, more than $0); kept as typed so no float sits in between.
  spendLimit: cleared(z.string().max(32)).optional(),
  spendLimitPeriod: z.enum(['total', 'day', 'month']).optional(),
  requestsPerMinute: wholeNumber('Requests per minute').optional(),
  tokensPerMinute: wholeNumber('Tokens per minute').optional(),
  maxConcurrentRequests: wholeNumber('Concurrent requests').optional(),
});

const sent = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : undefined;
};

/** Save a key's settings: admins all of them, the member who made the key its name (the verb checks). */
export async function editKeyAction(teamSlug: string, keyId: string, _previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'member');
    const fields = Object.fromEntries(Object.keys(editKeyForm.shape).map((name) => [name, sent(form, name)]));
    // An expiry set to the minute over the API is shown as its day: unchanged, it is not rounded to the day's end.
    if (fields.expiresOn !== undefined && fields.expiresOn === sent(form, 'expiresOnBefore')) delete fields.expiresOn;
    const { expiresOn, ...rest } = editKeyForm.parse(fields);
    await updateApiKey({ ctx, input: { keyId, team: team.id, ...rest, expiresAt: expiresOn } });
    revalidatePath(`/t/${team.slug}/keys`, 'layout');
    return { ok: true, message: 'Saved. The gateway applies it from the next request.' };
  });
}

/** Rotate: a new secret, returned this once; the old one keeps working for the chosen grace. */
export async function rotateKeyAction(teamSlug: string, keyId: string, _previous: ActionState<RotatedKey> | undefined, form: FormData): Promise<ActionState<RotatedKey>> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'member');
    const grace = (formText(form, 'grace') ?? '24h') as RotationGrace;
    const rotated = await rotateApiKey({ ctx, input: { keyId, team: team.id, grace } });
    revalidatePath(`/t/${team.slug}/keys`, 'layout');
    return { ok: true, data: { key: rotated.key, prefix: rotated.prefix, previousValidUntil: rotated.previousValidUntil.toISOString(), immediate: grace === 'now' } };
  });
}

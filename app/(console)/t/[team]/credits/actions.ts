'use server';

import { revalidatePath } from 'next/cache';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formText, runAction, type ActionState } from '@/lib/console/action-state';
import { formatDollars } from '@/lib/console/format';
import { GatewayError } from '@/lib/gateway/errors';
import { dollarsSchema } from '@/lib/money';
import { grantCredits } from '@/lib/services/credits/grant-credits';
import { setLowBalanceThreshold } from '@/lib/services/credits/set-low-balance-threshold';

function dollars(form: FormData, name: string): number {
  const parsed = dollarsSchema.safeParse(formText(form, name) ?? '');
  if (!parsed.success) throw new GatewayError('invalid_request', 'Enter an amount in dollars, like 10 or 0.25.', { param: name });
  return parsed.data;
}

/** Grant credits: instance admins only (checked by the verb); any team role is enough to reach the form. */
export async function grantCreditsAction(teamSlug: string, _previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'viewer');
    const amountMicros = dollars(form, 'amount');
    const result = await grantCredits({ ctx, input: { team: team.id, amountMicros, note: formText(form, 'note') } });
    revalidatePath(`/t/${team.slug}`, 'layout');
    return { ok: true, message: `${amountMicros > 0 ? 'Granted' : 'Removed'} ${formatDollars(Math.abs(amountMicros))}. New balance ${formatDollars(result.balanceMicros)}.` };
  });
}

/** Low-balance warning threshold: admins and above. */
export async function setThresholdAction(teamSlug: string, _previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    const thresholdMicros = dollars(form, 'threshold');
    if (thresholdMicros < 0) throw new GatewayError('invalid_request', 'The threshold cannot be negative.', { param: 'threshold' });
    await setLowBalanceThreshold({ ctx, input: { team: team.id, thresholdMicros } });
    revalidatePath(`/t/${team.slug}`, 'layout');
    return { ok: true, message: `You will be warned below ${formatDollars(thresholdMicros)}.` };
  });
}

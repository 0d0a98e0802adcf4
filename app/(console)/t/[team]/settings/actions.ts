'use server';

import { revalidatePath } from 'next/cache';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formFlag, formText, runAction, type ActionState } from '@/lib/console/action-state';
import { setTeamPlan } from '@/lib/services/teams/set-team-plan';
import { updateTeamSettings } from '@/lib/services/teams/update-team-settings';

const list = (form: FormData, name: string) => form.getAll(name).filter((value): value is string => typeof value === 'string' && value !== '');

/** Save routing policy: admins and above; applies from the next request. */
export async function saveRoutingPolicyAction(teamSlug: string, _previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    const order = (formText(form, 'order') ?? '')
      .split(/[\s,]+/)
      .map((slug) => slug.trim())
      .filter(Boolean);
    await updateTeamSettings({
      ctx,
      input: {
        team: team.id,
        providerAllowlist: list(form, 'allow'),
        providerDenylist: list(form, 'deny'),
        defaultProviderOrder: order,
        zeroDataRetention: formFlag(form, 'zeroDataRetention'),
        disallowPromptTraining: formFlag(form, 'disallowPromptTraining'),
        byokFallbackToSystem: formFlag(form, 'byokFallbackToSystem'),
        promptCachingAuto: formFlag(form, 'promptCachingAuto'),
      },
    });
    revalidatePath(`/t/${team.slug}/settings`);
    return { ok: true, message: 'Saved. The next request follows the new policy.' };
  });
}

const patterns = (form: FormData, name: string) =>
  (formText(form, name) ?? '')
    .split(/[\s,]+/)
    .map((pattern) => pattern.trim())
    .filter(Boolean);

/** Save the team's model allowlist and denylist: admins and above; the next request follows them. */
export async function saveModelListsAction(teamSlug: string, _previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await updateTeamSettings({ ctx, input: { team: team.id, modelAllowlist: patterns(form, 'modelAllowlist'), modelDenylist: patterns(form, 'modelDenylist') } });
    revalidatePath(`/t/${team.slug}/settings`);
    revalidatePath(`/t/${team.slug}/models`);
    return { ok: true, message: 'Saved. The next request follows the new model lists.' };
  });
}

/** Change plan: instance admins only (checked by the verb). */
export async function setPlanAction(teamSlug: string, _previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'viewer');
    const plan = formText(form, 'plan') ?? '';
    await setTeamPlan({ ctx, input: { team: team.id, plan } });
    revalidatePath(`/t/${team.slug}`, 'layout');
    return { ok: true, message: `Plan changed to ${plan}.` };
  });
}

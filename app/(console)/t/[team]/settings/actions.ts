'use server';

import { revalidatePath } from 'next/cache';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formFlag, formText, runAction, type ActionState } from '@/lib/console/action-state';
import { getRuntime } from '@/lib/runtime';
import { listTeamModels } from '@/lib/services/models/list-team-models';
import { usableModelsNotice } from '@/lib/services/models/usable-models';
import { setTeamPlan } from '@/lib/services/teams/set-team-plan';
import { updateTeamSettings } from '@/lib/services/teams/update-team-settings';

const list = (form: FormData, name: string) => form.getAll(name).filter((value): value is string => typeof value === 'string' && value !== '');

/** Save routing policy: admins and above; applies from the next request. Says how many models it leaves usable, counted after the save. */
export async function saveRoutingPolicyAction(teamSlug: string, _previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    const order = (formText(form, 'order') ?? '')
      .split(/[\s,]+/)
      .map((slug) => slug.trim())
      .filter(Boolean);
    const policy = {
      providerAllowlist: list(form, 'allow'),
      providerDenylist: list(form, 'deny'),
      zeroDataRetention: formFlag(form, 'zeroDataRetention'),
      disallowPromptTraining: formFlag(form, 'disallowPromptTraining'),
    };
    await updateTeamSettings({
      ctx,
      input: { team: team.id, ...policy, defaultProviderOrder: order, byokFallbackToSystem: formFlag(form, 'byokFallbackToSystem'), promptCachingAuto: formFlag(form, 'promptCachingAuto') },
    });
    revalidatePath(`/t/${team.slug}/settings`);
    const models = await listTeamModels({ ctx, deps: (await getRuntime()).gateway, input: { team: team.id } });
    const notice = usableModelsNotice(models, policy);
    return { ok: true, message: notice.message, tone: notice.tone === 'success' ? undefined : notice.tone };
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

/** Save the team's body storage: admins and above; the next request follows it. Patterns are one per line. */
export async function saveBodiesAction(teamSlug: string, _previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    const redactionPatterns = (formText(form, 'redactionPatterns') ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    await updateTeamSettings({ ctx, input: { team: team.id, storeBodies: formFlag(form, 'storeBodies'), bodyRetentionDays: Number(formText(form, 'bodyRetentionDays') ?? 30), redactionPatterns } });
    revalidatePath(`/t/${team.slug}/settings`);
    return { ok: true, message: 'Saved. The next request follows the new setting.' };
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

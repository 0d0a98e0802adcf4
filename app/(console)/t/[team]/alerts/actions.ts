'use server';

import { revalidatePath } from 'next/cache';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formText, runAction, type ActionState } from '@/lib/console/action-state';
import { GatewayError } from '@/lib/gateway/errors';
import { parseDollars } from '@/lib/money';
import { acknowledgeAlerts, createAlertRule, removeAlertRule, updateAlertRule } from '@/lib/services/alerts/manage-alert-rules';
import { createWebhook, deleteWebhook, testWebhook, updateWebhook } from '@/lib/services/alerts/manage-webhooks';

export type CreatedWebhook = { id: string; url: string; secret: string };

const path = (slug: string) => `/t/${slug}/alerts`;

/** Add a webhook: admins and above. The signing secret comes back this once. */
export async function createWebhookAction(teamSlug: string, _previous: ActionState<CreatedWebhook> | undefined, form: FormData): Promise<ActionState<CreatedWebhook>> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    const events = form.getAll('events').filter((value): value is string => typeof value === 'string');
    const created = await createWebhook({ ctx, input: { team: team.id, url: formText(form, 'url') ?? '', description: formText(form, 'description'), events } });
    revalidatePath(path(team.slug));
    return { ok: true, data: { id: created.id, url: created.url, secret: created.secret } };
  });
}

/** Send test event: admins and above. */
export async function testWebhookAction(teamSlug: string, webhookId: string): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    const result = await testWebhook({ ctx, input: { team: team.id, webhookId } });
    revalidatePath(path(team.slug));
    if (result.status === 'delivered') return { ok: true, message: `Delivered (HTTP ${result.statusCode}).` };
    return { ok: false, error: `Not delivered: ${result.error}. It is retried on the usual schedule; see the delivery log.` };
  });
}

export async function setWebhookEnabledAction(teamSlug: string, webhookId: string, enabled: boolean): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await updateWebhook({ ctx, input: { team: team.id, webhookId, enabled } });
    revalidatePath(path(team.slug));
    return { ok: true };
  });
}

export async function deleteWebhookAction(teamSlug: string, webhookId: string): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await deleteWebhook({ ctx, input: { team: team.id, webhookId } });
    revalidatePath(path(team.slug));
    return { ok: true };
  });
}

/** `50, 80, 100` → numbers; for a balance rule, dollars → micro-dollars. */
function thresholdsFrom(text: string | undefined, dollars: boolean): number[] {
  const items = (text ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new GatewayError('invalid_request', 'Enter at least one threshold.', { param: 'thresholds' });
  return items.map((item) => {
    const value = dollars ? parseDollarsOrUndefined(item) : Number(item);
    if (value === undefined || !Number.isFinite(value)) throw new GatewayError('invalid_request', `“${item}” is not ${dollars ? 'an amount in dollars' : 'a number'}.`, { param: 'thresholds' });
    return value;
  });
}

function parseDollarsOrUndefined(text: string): number | undefined {
  try {
    return parseDollars(text);
  } catch {
    return undefined;
  }
}

/** Add an alert rule: admins and above. */
export async function createAlertRuleAction(teamSlug: string, _previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    const kind = formText(form, 'kind') ?? '';
    const windowHours = formText(form, 'windowHours');
    const minRequests = formText(form, 'minRequests');
    await createAlertRule({
      ctx,
      input: {
        team: team.id,
        kind,
        thresholds: thresholdsFrom(formText(form, 'thresholds'), kind === 'low_balance'),
        windowHours: kind === 'provider_error_rate' && windowHours ? Number(windowHours) : undefined,
        minRequests: kind === 'provider_error_rate' && minRequests ? Number(minRequests) : undefined,
      },
    });
    revalidatePath(path(team.slug));
    return { ok: true, message: 'Rule added. It is checked within a minute.' };
  });
}

export async function setAlertRuleEnabledAction(teamSlug: string, ruleId: string, enabled: boolean): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await updateAlertRule({ ctx, input: { team: team.id, ruleId, enabled } });
    revalidatePath(path(team.slug));
    return { ok: true };
  });
}

export async function deleteAlertRuleAction(teamSlug: string, ruleId: string): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await removeAlertRule({ ctx, input: { team: team.id, ruleId } });
    revalidatePath(path(team.slug));
    return { ok: true };
  });
}

/** Acknowledge every alert: clears the banner. */
export async function acknowledgeAlertsAction(teamSlug: string): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await acknowledgeAlerts({ ctx, input: { team: team.id } });
    revalidatePath(`/t/${team.slug}`, 'layout');
    return { ok: true };
  });
}

'use server';

import { revalidatePath } from 'next/cache';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formText, runAction, type ActionState } from '@/lib/console/action-state';
import { parseClaimConditions } from '@/lib/console/claim-conditions';
import { GatewayError } from '@/lib/gateway/errors';
import { addOidcTrust } from '@/lib/services/oidc/add-oidc-trust';
import { removeOidcTrust } from '@/lib/services/oidc/remove-oidc-trust';
import { setOidcTrustEnabled } from '@/lib/services/oidc/set-oidc-trust-enabled';

const required = (form: FormData, name: string, message: string) => {
  const value = formText(form, name);
  if (!value) throw new GatewayError('invalid_request', message, { param: name });
  return value;
};

/** Add an OIDC trust: admins and above; the verb validates the issuer and the conditions. */
export async function addOidcTrustAction(teamSlug: string, _previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    const issuer = required(form, 'issuer', 'Enter the issuer URL, as its tokens carry it in iss.');
    const audience = required(form, 'audience', 'Enter the audience your workloads ask their tokens for.');
    const parsed = parseClaimConditions(String(form.get('claimConditions') ?? ''));
    if (!parsed.ok) throw new GatewayError('invalid_request', parsed.error, { param: 'claimConditions' });
    const trust = await addOidcTrust({ ctx, input: { team: team.id, issuer, audience, claimConditions: parsed.conditions, label: formText(form, 'label') } });
    revalidatePath(`/t/${team.slug}/oidc`);
    return { ok: true, message: `Trusted ${trust.issuer} for audience “${trust.audience}”. Matching tokens work from the next request.` };
  });
}

/** Enable or disable a trust: admins and above. */
export async function setOidcTrustEnabledAction(teamSlug: string, trustId: string, enabled: boolean): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await setOidcTrustEnabled({ ctx, input: { trustId, enabled, team: team.id } });
    revalidatePath(`/t/${team.slug}/oidc`);
    return { ok: true };
  });
}

/** Delete a trust: admins and above. */
export async function removeOidcTrustAction(teamSlug: string, trustId: string): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await removeOidcTrust({ ctx, input: { trustId, team: team.id } });
    revalidatePath(`/t/${team.slug}/oidc`);
    return { ok: true };
  });
}

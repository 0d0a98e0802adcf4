'use server';

import { revalidatePath } from 'next/cache';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { formFlag, formText, runAction, type ActionState } from '@/lib/console/action-state';
import { parseModelMappings } from '@/lib/console/model-mappings';
import { GatewayError } from '@/lib/gateway/errors';
import { getRuntime } from '@/lib/runtime';
import { addCredential } from '@/lib/services/credentials/add-credential';
import { deleteCredential } from '@/lib/services/credentials/delete-credential';
import { setCredentialEnabled } from '@/lib/services/credentials/set-credential-enabled';
import { testCredential, type CredentialTestResult } from '@/lib/services/credentials/test-credential';

function credentialFields(form: FormData) {
  const mappings = parseModelMappings(String(form.get('modelMappings') ?? ''));
  if (!mappings.ok) throw new GatewayError('invalid_request', mappings.error, { param: 'modelMappings' });
  return {
    provider: formText(form, 'provider') ?? '',
    apiKey: String(form.get('apiKey') ?? '').trim(),
    baseUrl: formText(form, 'baseUrl'),
    label: formText(form, 'label'),
    zeroDataRetention: formFlag(form, 'zeroDataRetention'),
    modelMappings: mappings.mappings,
  };
}

/** Add BYOK credential: admins and above. The key is encrypted; only a masked hint comes back. */
export async function addCredentialAction(teamSlug: string, _previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    const fields = credentialFields(form);
    if (!fields.apiKey) throw new GatewayError('invalid_request', 'Enter the provider API key.', { param: 'apiKey' });
    const created = await addCredential({ ctx, input: { team: team.id, ...fields } });
    revalidatePath(`/t/${team.slug}/credentials`);
    return { ok: true, message: `Saved “${created.label}” (${created.hint}). The next request to ${created.provider} uses it.` };
  });
}

/** Test connection: admins and above; nothing is stored. */
export async function testCredentialAction(teamSlug: string, form: FormData): Promise<CredentialTestResult> {
  const result = await runAction<CredentialTestResult>(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    const runtime = await getRuntime();
    const fields = credentialFields(form);
    const outcome = await testCredential({
      ctx,
      input: { team: team.id, provider: fields.provider, apiKey: fields.apiKey, baseUrl: fields.baseUrl },
      defaultBaseURL: (provider) => runtime.gateway.systemConnection(provider).baseURL,
    });
    return { ok: true, data: outcome };
  });
  return result.ok ? result.data! : { ok: false, outcome: 'unreachable', message: result.error };
}

/** Enable or disable a credential: admins and above. */
export async function setCredentialEnabledAction(teamSlug: string, credentialId: string, enabled: boolean): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await setCredentialEnabled({ ctx, input: { team: team.id, credentialId, enabled } });
    revalidatePath(`/t/${team.slug}/credentials`);
    return { ok: true };
  });
}

/** Delete a credential: admins and above. */
export async function deleteCredentialAction(teamSlug: string, credentialId: string): Promise<ActionState> {
  return runAction(async () => {
    const { team, ctx } = await requireConsoleTeam(teamSlug, 'admin');
    await deleteCredential({ ctx, input: { team: team.id, credentialId } });
    revalidatePath(`/t/${team.slug}/credentials`);
    return { ok: true };
  });
}

'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useActionForm } from '@/components/ui/use-action-form';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionState } from '@/lib/console/action-state';
import type { CredentialTestResult } from '@/lib/services/credentials/test-credential';

type ProviderOption = { slug: string; name: string; defaultBaseURL: string; keyOptional: boolean };

/** Add a provider key: test it against the provider first, then save it (encrypted). */
export function CredentialForm({
  providers,
  save,
  test,
}: {
  providers: ProviderOption[];
  save: (previous: ActionState | undefined, form: FormData) => Promise<ActionState>;
  test: (form: FormData) => Promise<CredentialTestResult>;
}) {
  const [provider, setProvider] = useState(providers[0]?.slug ?? '');
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(save, { resetOnSuccess: true });
  const check = useMutation({ mutationFn: () => test(new FormData(form.current!)) });
  const { reset: resetCheck } = check;
  useEffect(() => {
    if (state?.ok) resetCheck();
  }, [state, resetCheck]);
  const selected = providers.find((option) => option.slug === provider);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form" onChange={() => check.data && check.reset()}>
      <div className="form-row">
        <Field id="cred-provider" label="Provider">
          <select id="cred-provider" name="provider" className="select" value={provider} onChange={(event) => setProvider(event.target.value)}>
            {providers.map((option) => (
              <option key={option.slug} value={option.slug}>
                {option.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="cred-label" label="Label (optional)" hint="To tell keys apart, e.g. “prod org”.">
          <input id="cred-label" name="label" className="input" maxLength={100} aria-describedby="cred-label-hint" />
        </Field>
      </div>
      <Field id="cred-key" label={`API key${selected?.keyOptional ? ' (optional for this provider)' : ''}`} hint="Stored encrypted (AES-256-GCM). Only its last four characters are ever shown again.">
        <input id="cred-key" name="apiKey" type="password" className="input mono" autoComplete="off" spellCheck={false} required={!selected?.keyOptional} aria-describedby="cred-key-hint" />
      </Field>
      <Field id="cred-base" label="Base URL (optional)" hint={`Default: ${selected?.defaultBaseURL ?? ''}. Include the version path.`}>
        <input id="cred-base" name="baseUrl" type="url" className="input mono" placeholder={selected?.defaultBaseURL} aria-describedby="cred-base-hint" />
      </Field>
      <Field id="cred-mappings" label="Model mappings (optional)" hint="One per line: gatehouse-model=upstream-model-or-deployment.">
        <textarea id="cred-mappings" name="modelMappings" className="textarea" placeholder="openai/gpt-4o=my-gpt-4o-deployment" aria-describedby="cred-mappings-hint" />
      </Field>
      <label className="check">
        <input type="checkbox" name="zeroDataRetention" />
        <span>
          Zero data retention
          <small>Your agreement with this provider keeps no prompts or outputs, so this key may serve teams and requests that demand ZDR.</small>
        </span>
      </label>
      {check.data ? (
        <p className={`alert ${check.data.ok ? 'alert-success' : 'alert-error'}`} role="status" data-testid="credential-test-result">
          {check.data.message}
        </p>
      ) : null}
      <FormMessage state={state} />
      <div className="form-actions">
        <button type="button" className="button" onClick={() => check.mutate()} disabled={check.isPending} aria-busy={check.isPending}>
          {check.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <SubmitButton pending={pending} pendingText="Saving…">Save provider key</SubmitButton>
      </div>
    </form>
  );
}

'use client';

import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/console/action-state';

const fields = ['issuer', 'audience', 'claimConditions', 'label'];

/** Add an OIDC trust. A problem with one input is shown under that input; anything else below the form. */
export function OidcTrustForm({ action, audiencePlaceholder }: { action: (previous: ActionState | undefined, form: FormData) => Promise<ActionState>; audiencePlaceholder: string }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action, { resetOnSuccess: true });
  const fieldError = (name: string) => (state && !state.ok && state.field === name ? state.error : undefined);
  const describedBy = (name: string) => [`oidc-${name}-hint`, fieldError(name) ? `oidc-${name}-error` : ''].filter(Boolean).join(' ');
  const invalid = (name: string) => (fieldError(name) ? true : undefined);
  const general = state && !state.ok && state.field && fields.includes(state.field) ? undefined : state;
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form" noValidate>
      <div className="form-row">
        <Field id="oidc-issuer" label="Issuer URL" hint="As its tokens carry it in iss: https, on a public address (plain http, or a private address, only where the operator allows it)." error={fieldError('issuer')}>
          <input id="oidc-issuer" name="issuer" type="url" className="input mono" placeholder="https://token.actions.githubusercontent.com" required aria-describedby={describedBy('issuer')} aria-invalid={invalid('issuer')} />
        </Field>
        <Field id="oidc-audience" label="Audience" hint="The aud your workloads ask their tokens for." error={fieldError('audience')}>
          <input id="oidc-audience" name="audience" className="input mono" placeholder={audiencePlaceholder} required aria-describedby={describedBy('audience')} aria-invalid={invalid('audience')} />
        </Field>
      </div>
      <Field
        id="oidc-claimConditions"
        label="Claim conditions"
        hint="One per line: claim=pattern. Every one must match; * matches any run of characters. At least one, usually on sub."
        error={fieldError('claimConditions')}
      >
        <textarea
          id="oidc-claimConditions"
          name="claimConditions"
          className="textarea"
          placeholder="sub=repo:acme/app:ref:refs/heads/main"
          spellCheck={false}
          aria-describedby={describedBy('claimConditions')}
          aria-invalid={invalid('claimConditions')}
        />
      </Field>
      <Field id="oidc-label" label="Label (optional)" hint="To tell trusts apart, e.g. “acme/app CI”. Defaults to the issuer’s host." error={fieldError('label')}>
        <input id="oidc-label" name="label" className="input" maxLength={100} aria-describedby={describedBy('label')} aria-invalid={invalid('label')} />
      </Field>
      <FormMessage state={general} />
      <div className="form-actions">
        <SubmitButton pending={pending} pendingText="Adding…">
          Add trust
        </SubmitButton>
      </div>
    </form>
  );
}

'use client';

import { useState } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/console/action-state';

type Created = { id: string; url: string; secret: string };

/** Add a webhook, then its signing secret, shown this once. */
export function WebhookForm({ action, kinds }: { action: (previous: ActionState<Created> | undefined, form: FormData) => Promise<ActionState<Created>>; kinds: Array<{ kind: string; label: string }> }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const created = state?.ok ? state.data : undefined;
  if (created && dismissed !== created.id) {
    return (
      <div className="stack" aria-live="polite">
        <p className="alert alert-success" role="status" style={{ margin: 0 }}>
          Webhook added. Copy its signing secret now: it is shown only this once. Verify each delivery’s <code>x-gatehouse-signature</code> with it.
        </p>
        <div className="secret">
          <code data-testid="webhook-secret">{created.secret}</code>
          <CopyButton value={created.secret} label="Copy secret" />
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setDismissed(created.id)}>
            Done, I saved the secret
          </button>
        </div>
      </div>
    );
  }
  const urlError = state && !state.ok && state.field === 'url' ? state.error : undefined;
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form" noValidate>
      <div className="form-row">
        <Field id="webhook-url" label="URL" hint="Receives a signed POST for each alert. A public https address (private ones only where the operator allows)." error={urlError}>
          <input id="webhook-url" name="url" type="url" className="input mono" required maxLength={2048} placeholder="https://hooks.example.com/gatehouse" aria-describedby="webhook-url-hint" aria-invalid={urlError ? true : undefined} />
        </Field>
        <Field id="webhook-description" label="Description (optional)">
          <input id="webhook-description" name="description" className="input" maxLength={200} />
        </Field>
      </div>
      <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend>Alert kinds (none ticked: every kind)</legend>
        <div className="row" style={{ flexWrap: 'wrap', gap: 12 }}>
          {kinds.map((item) => (
            <label key={item.kind} className="row" style={{ gap: 6 }}>
              <input type="checkbox" name="events" value={item.kind} />
              {item.label}
            </label>
          ))}
        </div>
      </fieldset>
      <FormMessage state={state?.ok || urlError ? undefined : state} />
      <div className="form-actions">
        <SubmitButton pending={pending} pendingText="Adding…">
          Add webhook
        </SubmitButton>
      </div>
    </form>
  );
}

'use client';

import { useActionForm } from '@/components/ui/use-action-form';
import { useState } from 'react';
import type { ActionState } from '@/lib/console/action-state';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { CopyButton } from '@/components/ui/copy-button';
import { CodeTabs } from './code-tabs';
import { keySnippets } from './snippets';

type CreatedKey = { id: string; name: string; prefix: string; key: string; model: string | null };
type CreateKeyAction = (previous: ActionState<CreatedKey> | undefined, form: FormData) => Promise<ActionState<CreatedKey>>;

/** The create form, then the new key (shown this once) with snippets that use it. */
export function CreateKeyPanel({ action, baseUrl }: { action: CreateKeyAction; baseUrl: string }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const created = state?.ok ? state.data : undefined;
  if (created && dismissed !== created.id) {
    return (
      <div className="stack" aria-live="polite">
        <p className="alert alert-success" role="status" style={{ margin: 0 }}>
          Key <strong>{created.name}</strong> created. Copy it now: it is shown only this once and stored only as a hash.
        </p>
        <div className="secret">
          <code data-testid="new-api-key">{created.key}</code>
          <CopyButton value={created.key} label="Copy key" />
        </div>
        {created.model ? (
          <p className="field-hint" style={{ margin: 0 }}>
            The examples call <code>{created.model}</code>, a model this team can use now.
          </p>
        ) : (
          <p className="alert alert-warning" role="status" style={{ margin: 0 }}>
            This team cannot call any model right now: its routing policy or missing provider keys rule every provider out, so these examples will be refused (403). Check{' '}
            <a href="settings">Settings</a> and <a href="credentials">Provider keys</a>.
          </p>
        )}
        <CodeTabs samples={keySnippets(baseUrl, created.key, created.model)} />
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setDismissed(created.id)}>
            Done, I saved the key
          </button>
        </div>
      </div>
    );
  }
  const today = new Date().toISOString().slice(0, 10);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form">
      <div className="form-row">
        <Field id="key-name" label="Name" hint="What uses this key, e.g. “backend” or “staging”.">
          <input id="key-name" name="name" className="input" required maxLength={100} aria-describedby="key-name-hint" />
        </Field>
        <Field id="key-expiry" label="Expires (optional)" hint="The key stops working after this day (UTC).">
          <input id="key-expiry" name="expiresOn" type="date" className="input" min={today} aria-describedby="key-expiry-hint" />
        </Field>
      </div>
      <div className="form-row">
        <Field id="key-limit" label="Spend limit in $ (optional)" hint="Requests are refused (402) once the key has spent this much.">
          <input id="key-limit" name="spendLimit" inputMode="decimal" className="input" placeholder="e.g. 25" pattern="\d+(\.\d{1,6})?" aria-describedby="key-limit-hint" />
        </Field>
        <Field id="key-period" label="Limit applies">
          <select id="key-period" name="spendLimitPeriod" className="select" defaultValue="total">
            <option value="total">in total</option>
            <option value="month">per month</option>
            <option value="day">per day</option>
          </select>
        </Field>
      </div>
      <FormMessage state={state?.ok ? undefined : state} />
      <div className="form-actions">
        <SubmitButton pending={pending} pendingText="Creating…">Create key</SubmitButton>
      </div>
    </form>
  );
}

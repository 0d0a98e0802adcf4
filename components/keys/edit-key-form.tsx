'use client';

import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/console/action-state';

export type EditableKey = {
  name: string;
  /** `YYYY-MM-DD` (UTC) or empty: never. */
  expiresOn: string;
  /** Dollars as typed, or empty: no limit. */
  spendLimit: string;
  spendLimitPeriod: string;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  maxConcurrentRequests: number | null;
};

type EditAction = (previous: ActionState | undefined, form: FormData) => Promise<ActionState>;

/**
 * A key's settings. An empty limit is no limit. `limitsEditable` false (a member on their own
 * key): only the name can change, the rest is shown disabled, so it is not sent at all.
 */
export function EditKeyForm({ action, value, limitsEditable }: { action: EditAction; value: EditableKey; limitsEditable: boolean }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action);
  const locked = !limitsEditable;
  const number = (name: keyof EditableKey, id: string, label: string, hint: string) => (
    <Field id={id} label={label} hint={hint}>
      <input id={id} name={name} type="number" min={1} step={1} inputMode="numeric" className="input" defaultValue={value[name] ?? ''} placeholder="no limit" disabled={locked} aria-describedby={`${id}-hint`} />
    </Field>
  );
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form" aria-label="Key settings">
      <div className="form-row">
        <Field id="edit-name" label="Name">
          <input id="edit-name" name="name" className="input" required maxLength={100} defaultValue={value.name} />
        </Field>
        <Field id="edit-expiry" label="Expires" hint="Empty: never. The key stops after this day (UTC).">
          <input id="edit-expiry" name="expiresOn" type="date" className="input" defaultValue={value.expiresOn} disabled={locked} aria-describedby="edit-expiry-hint" />
          <input type="hidden" name="expiresOnBefore" value={value.expiresOn} disabled={locked} />
        </Field>
      </div>
      <div className="form-row">
        <Field id="edit-limit" label="Spend limit in $" hint="Empty: no limit. Requests past it get 402.">
          <input id="edit-limit" name="spendLimit" inputMode="decimal" className="input" placeholder="no limit" pattern="\d+(\.\d{1,6})?" defaultValue={value.spendLimit} disabled={locked} aria-describedby="edit-limit-hint" />
        </Field>
        <Field id="edit-period" label="Limit applies">
          <select id="edit-period" name="spendLimitPeriod" className="select" defaultValue={value.spendLimitPeriod} disabled={locked}>
            <option value="total">in total</option>
            <option value="month">per month</option>
            <option value="day">per day</option>
          </select>
        </Field>
      </div>
      <div className="form-row">
        {number('requestsPerMinute', 'edit-rpm', 'Requests per minute', 'On top of the team’s plan.')}
        {number('tokensPerMinute', 'edit-tpm', 'Tokens per minute', 'Input and output tokens.')}
        {number('maxConcurrentRequests', 'edit-concurrency', 'Concurrent requests', 'Calls in flight at once, per instance.')}
      </div>
      {locked ? <p className="muted" style={{ margin: 0, fontSize: '0.875rem' }}>You can rename your own key; a team admin changes its limits and expiry.</p> : null}
      <FormMessage state={state} />
      <div className="form-actions">
        <SubmitButton pending={pending} pendingText="Saving…">Save changes</SubmitButton>
      </div>
    </form>
  );
}

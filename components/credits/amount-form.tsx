'use client';

import { useActionForm } from '@/components/ui/use-action-form';

import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionState } from '@/lib/console/action-state';

type Action = (previous: ActionState | undefined, form: FormData) => Promise<ActionState>;

/** Grant (or remove, with a negative amount) credits. */
export function GrantCreditsForm({ action }: { action: Action }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action, { resetOnSuccess: true });
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form">
      <div className="form-row">
        <Field id="grant-amount" label="Amount in $" hint="Negative to take credits away.">
          <input id="grant-amount" name="amount" inputMode="decimal" className="input" required pattern="-?\d+(\.\d{1,6})?" placeholder="25" aria-describedby="grant-amount-hint" />
        </Field>
        <Field id="grant-note" label="Note (optional)" hint="Shown in the ledger.">
          <input id="grant-note" name="note" className="input" maxLength={500} placeholder="November top-up" aria-describedby="grant-note-hint" />
        </Field>
      </div>
      <FormMessage state={state} />
      <div className="form-actions">
        <SubmitButton pending={pending} pendingText="Granting…">Grant credits</SubmitButton>
      </div>
    </form>
  );
}

export function ThresholdForm({ action, current, disabled }: { action: Action; current: string; disabled: boolean }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form">
      <Field id="threshold" label="Warn when the balance is below ($)" hint="A banner appears on every page of this team.">
        <input id="threshold" name="threshold" inputMode="decimal" className="input" required pattern="\d+(\.\d{1,6})?" defaultValue={current} disabled={disabled} aria-describedby="threshold-hint" />
      </Field>
      <FormMessage state={state} />
      <div className="form-actions">
        <SubmitButton pending={pending} disabled={disabled}>Save threshold</SubmitButton>
      </div>
    </form>
  );
}

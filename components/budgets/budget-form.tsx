'use client';

import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/console/action-state';

const fields = ['scope', 'subject', 'period', 'limit'];

/** Add a budget; the same scope, subject and period again changes its limit. */
export function BudgetForm({ action }: { action: (previous: ActionState | undefined, form: FormData) => Promise<ActionState> }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action, { resetOnSuccess: true });
  const fieldError = (name: string) => (state && !state.ok && state.field === name ? state.error : undefined);
  const general = state && !state.ok && state.field && fields.includes(state.field) ? undefined : state;
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form" noValidate>
      <div className="form-row">
        <Field id="budget-scope" label="Applies to" error={fieldError('scope')}>
          <select id="budget-scope" name="scope" className="select" defaultValue="tag">
            <option value="member">A member (their keys and playground)</option>
            <option value="key">An API key</option>
            <option value="user">An end user (the request’s user)</option>
            <option value="tag">A tag</option>
          </select>
        </Field>
        <Field id="budget-subject" label="Which one" hint="Member: email or user id. Key: key id. End user or tag: as requests send it." error={fieldError('subject')}>
          <input id="budget-subject" name="subject" className="input mono" maxLength={256} required placeholder="batch-jobs" aria-describedby="budget-subject-hint" />
        </Field>
      </div>
      <div className="form-row">
        <Field id="budget-period" label="Per" error={fieldError('period')}>
          <select id="budget-period" name="period" className="select" defaultValue="month">
            <option value="day">day (UTC)</option>
            <option value="week">week (from Monday, UTC)</option>
            <option value="month">month (UTC)</option>
            <option value="total">in total</option>
          </select>
        </Field>
        <Field id="budget-limit" label="Limit (USD)" error={fieldError('limit')}>
          <input id="budget-limit" name="limit" className="input mono" inputMode="decimal" required placeholder="50.00" />
        </Field>
      </div>
      <FormMessage state={general} />
      <div className="form-actions">
        <SubmitButton pending={pending} pendingText="Saving…">
          Add budget
        </SubmitButton>
      </div>
    </form>
  );
}

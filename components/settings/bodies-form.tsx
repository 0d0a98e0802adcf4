'use client';

import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/console/action-state';

/** Whether the team keeps redacted request and response bodies, for how long, and its own redaction patterns. */
export function BodiesForm({
  settings,
  disabled,
  action,
}: {
  settings: { storeBodies: boolean; bodyRetentionDays: number; redactionPatterns: string[] };
  disabled: boolean;
  action: (previous: ActionState | undefined, form: FormData) => Promise<ActionState>;
}) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action);
  const error = (field: string) => (state?.ok === false && state.field === field ? state.error : undefined);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form">
      <fieldset disabled={disabled} className="form">
        <label className="check">
          <input type="checkbox" name="storeBodies" defaultChecked={settings.storeBodies} />
          <span>
            Store request and response bodies
            <small>Shown on each generation’s page to admins and the key’s creator. Never while zero data retention is on, nor for requests that ask for it.</small>
          </span>
        </label>
        <Field id="bodyRetentionDays" label="Keep for (days)" hint="Bodies older than this are deleted, hourly. 1–3650." error={error('bodyRetentionDays')}>
          <input id="bodyRetentionDays" name="bodyRetentionDays" type="number" min={1} max={3650} required className="input" defaultValue={settings.bodyRetentionDays} aria-describedby="bodyRetentionDays-hint" />
        </Field>
        <Field
          id="redactionPatterns"
          label="Extra redaction patterns"
          hint="One regular expression per line (at most 20, 200 characters each), redacted as [REDACTED:custom]. Emails, phone and card numbers and API keys are always redacted."
          error={error('redactionPatterns')}
        >
          <textarea id="redactionPatterns" name="redactionPatterns" className="input mono" rows={3} defaultValue={settings.redactionPatterns.join('\n')} placeholder={'CUST-\\d{5}'} aria-describedby="redactionPatterns-hint" />
        </Field>
      </fieldset>
      <FormMessage state={state} />
      {disabled ? null : (
        <div className="form-actions">
          <SubmitButton pending={pending}>Save</SubmitButton>
        </div>
      )}
    </form>
  );
}

'use client';

import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/console/action-state';

export function ChangePasswordForm({ action }: { action: (previous: ActionState | undefined, form: FormData) => Promise<ActionState> }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action);
  const problem = state?.ok ? undefined : state;
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form">
      <Field id="current-password" label="Current password" error={problem?.field === 'currentPassword' ? problem.error : undefined}>
        <input id="current-password" name="currentPassword" type="password" className="input" autoComplete="current-password" required />
      </Field>
      <Field id="new-password" label="New password" hint="At least 10 characters." error={problem?.field === 'newPassword' ? problem.error : undefined}>
        <input id="new-password" name="newPassword" type="password" className="input" autoComplete="new-password" minLength={10} required />
      </Field>
      <FormMessage state={problem && !problem.field ? problem : undefined} />
      <div className="form-actions">
        <SubmitButton pending={pending} pendingText="Changing…">Change password and sign out everywhere</SubmitButton>
      </div>
    </form>
  );
}

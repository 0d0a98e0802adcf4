'use client';

import { useActionForm } from '@/components/ui/use-action-form';

import { NewAccountFields } from '@/components/console/new-account-fields';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { createFirstAdminAction } from './actions';

export function SetupForm({ token }: { token: string }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(createFirstAdminAction);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form">
      <input type="hidden" name="token" value={token} />
      <NewAccountFields />
      <FormMessage state={state} />
      <SubmitButton pending={pending} pendingText="Creating account…">Create admin account</SubmitButton>
    </form>
  );
}

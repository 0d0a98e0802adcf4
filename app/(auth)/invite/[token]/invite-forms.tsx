'use client';

import { useActionForm } from '@/components/ui/use-action-form';

import { NewAccountFields } from '@/components/console/new-account-fields';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { acceptInviteAction, registerWithInviteAction } from './actions';

export function AcceptInviteForm({ token, teamName }: { token: string; teamName: string }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(acceptInviteAction);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form">
      <input type="hidden" name="token" value={token} />
      <FormMessage state={state} />
      <SubmitButton pending={pending} pendingText="Joining…">Join {teamName}</SubmitButton>
    </form>
  );
}

export function RegisterWithInviteForm({ token }: { token: string }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(registerWithInviteAction);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form">
      <input type="hidden" name="token" value={token} />
      <NewAccountFields />
      <FormMessage state={state} />
      <SubmitButton pending={pending} pendingText="Creating account…">Create account and join</SubmitButton>
    </form>
  );
}

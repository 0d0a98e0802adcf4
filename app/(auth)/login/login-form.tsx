'use client';

import { useActionForm } from '@/components/ui/use-action-form';

import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { passwordSignInAction } from './actions';

export function LoginForm({ next, email }: { next: string; email?: string }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(passwordSignInAction);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form">
      <input type="hidden" name="next" value={next} />
      <Field id="email" label="Email">
        <input id="email" name="email" type="email" className="input" autoComplete="email" required defaultValue={email} autoFocus />
      </Field>
      <Field id="password" label="Password">
        <input id="password" name="password" type="password" className="input" autoComplete="current-password" required />
      </Field>
      <FormMessage state={state} />
      <SubmitButton pending={pending} pendingText="Signing in…">Sign in</SubmitButton>
    </form>
  );
}

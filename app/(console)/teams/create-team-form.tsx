'use client';

import { useActionForm } from '@/components/ui/use-action-form';

import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { createTeamAction } from './actions';

export function CreateTeamForm() {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(createTeamAction);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form">
      <div className="form-row">
        <Field id="team-name" label="Team name">
          <input id="team-name" name="name" className="input" required maxLength={100} placeholder="Acme" />
        </Field>
        <Field id="team-slug" label="URL name (optional)" hint="Lower-case letters, digits and dashes; made from the name when empty.">
          <input id="team-slug" name="slug" className="input" pattern="[a-z0-9][a-z0-9-]{1,47}" placeholder="acme" aria-describedby="team-slug-hint" />
        </Field>
      </div>
      <FormMessage state={state} />
      <div className="form-actions">
        <SubmitButton pending={pending} pendingText="Creating…">Create team</SubmitButton>
      </div>
    </form>
  );
}

'use client';

import { useActionForm } from '@/components/ui/use-action-form';
import { useState } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionState } from '@/lib/console/action-state';

type Created = { link: string; role: string };

export function InviteForm({ roles, action }: { roles: string[]; action: (previous: ActionState<Created> | undefined, form: FormData) => Promise<ActionState<Created>> }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const created = state?.ok ? state.data : undefined;
  if (created && dismissed !== created.link) {
    return (
      <div className="stack" aria-live="polite">
        <p className="alert alert-success" role="status" style={{ margin: 0 }}>
          Invite link for a new <strong>{created.role}</strong>. Send it to one person: it works once and is shown only now.
        </p>
        <div className="secret">
          <code data-testid="invite-link">{created.link}</code>
          <CopyButton value={created.link} label="Copy link" />
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setDismissed(created.link)}>
            Invite someone else
          </button>
        </div>
      </div>
    );
  }
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form">
      <div className="form-row">
        <Field id="invite-role" label="Role">
          <select id="invite-role" name="role" className="select" defaultValue="member">
            {roles.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </Field>
        <Field id="invite-expiry" label="Link expires after">
          <select id="invite-expiry" name="expiresInDays" className="select" defaultValue="7">
            <option value="1">1 day</option>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
          </select>
        </Field>
      </div>
      <FormMessage state={state?.ok ? undefined : state} />
      <div className="form-actions">
        <SubmitButton pending={pending} pendingText="Creating link…">Create invite link</SubmitButton>
      </div>
    </form>
  );
}

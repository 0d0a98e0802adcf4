'use client';

import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/console/action-state';

/** The team's model allowlist and denylist: exact ids or `provider/*`, one per line. */
export function ModelListsForm({
  lists,
  disabled,
  action,
}: {
  lists: { modelAllowlist: string[] | null; modelDenylist: string[] };
  disabled: boolean;
  action: (previous: ActionState | undefined, form: FormData) => Promise<ActionState>;
}) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form">
      <fieldset disabled={disabled} className="form">
        <Field id="modelAllowlist" label="Allowed models" hint="One per line: an exact id (anthropic/claude-sonnet-4.5) or a prefix (anthropic/*). Empty: every model." error={state?.ok === false && state.field === 'modelAllowlist' ? state.error : undefined}>
          <textarea id="modelAllowlist" name="modelAllowlist" className="input mono" rows={3} defaultValue={(lists.modelAllowlist ?? []).join('\n')} placeholder="anthropic/*" aria-describedby="modelAllowlist-hint" />
        </Field>
        <Field id="modelDenylist" label="Blocked models" hint="Wins over the allowlist. Keys can narrow these further (PUT /api/admin/keys/:id/models)." error={state?.ok === false && state.field === 'modelDenylist' ? state.error : undefined}>
          <textarea id="modelDenylist" name="modelDenylist" className="input mono" rows={3} defaultValue={lists.modelDenylist.join('\n')} placeholder="openai/o1-pro" aria-describedby="modelDenylist-hint" />
        </Field>
      </fieldset>
      <FormMessage state={state} />
      {disabled ? null : (
        <div className="form-actions">
          <SubmitButton pending={pending}>Save model lists</SubmitButton>
        </div>
      )}
    </form>
  );
}

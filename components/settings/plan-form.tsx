'use client';

import { useActionForm } from '@/components/ui/use-action-form';

import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionState } from '@/lib/console/action-state';

type PlanOption = { id: string; name: string; summary: string };

export function PlanForm({ plans, current, action }: { plans: PlanOption[]; current: string; action: (previous: ActionState | undefined, form: FormData) => Promise<ActionState> }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form">
      <Field id="plan" label="Plan">
        <select id="plan" name="plan" className="select" defaultValue={current}>
          {plans.map((plan) => (
            <option key={plan.id} value={plan.id}>
              {plan.name} — {plan.summary}
            </option>
          ))}
        </select>
      </Field>
      <FormMessage state={state} />
      <div className="form-actions">
        <SubmitButton pending={pending}>Change plan</SubmitButton>
      </div>
    </form>
  );
}

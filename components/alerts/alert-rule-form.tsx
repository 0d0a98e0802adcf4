'use client';

import { useState } from 'react';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/console/action-state';

const hints: Record<string, { label: string; hint: string; placeholder: string }> = {
  low_balance: { label: 'Balance below ($)', hint: 'One alert per threshold until credits are added again.', placeholder: '5, 1' },
  key_spend: { label: 'Percent of each key’s spend limit', hint: 'For every key with a spend limit, once per threshold and limit period.', placeholder: '50, 80, 100' },
  entity_quota: { label: 'Percent of each quota entity’s spend quota', hint: 'For every quota entity with a spend quota, once per threshold and quota period.', placeholder: '50, 80, 100' },
  provider_error_rate: { label: 'Percent of requests failed', hint: 'Per provider over the window; at most once an hour.', placeholder: '20' },
};

/** Add an alert rule; the threshold field explains itself for the chosen kind. */
export function AlertRuleForm({ action, kinds }: { action: (previous: ActionState | undefined, form: FormData) => Promise<ActionState>; kinds: Array<{ kind: string; label: string }> }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action, { resetOnSuccess: true });
  const [kind, setKind] = useState(kinds[0]?.kind ?? '');
  const help = hints[kind] ?? { label: 'Thresholds', hint: 'Separated by commas.', placeholder: '' };
  const thresholdsError = state && !state.ok && state.field === 'thresholds' ? state.error : undefined;
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form" noValidate>
      <div className="form-row">
        <Field id="rule-kind" label="Alert when">
          <select id="rule-kind" name="kind" className="select" value={kind} onChange={(event) => setKind(event.target.value)}>
            {kinds.map((item) => (
              <option key={item.kind} value={item.kind}>
                {item.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="rule-thresholds" label={help.label} hint={`${help.hint} Separate several with commas.`} error={thresholdsError}>
          <input id="rule-thresholds" name="thresholds" className="input" required placeholder={help.placeholder} aria-describedby="rule-thresholds-hint" aria-invalid={thresholdsError ? true : undefined} />
        </Field>
      </div>
      {kind === 'provider_error_rate' ? (
        <div className="form-row">
          <Field id="rule-window" label="Window (hours)">
            <input id="rule-window" name="windowHours" type="number" min={1} max={48} defaultValue={1} className="input" />
          </Field>
          <Field id="rule-min" label="Minimum requests in the window">
            <input id="rule-min" name="minRequests" type="number" min={1} defaultValue={20} className="input" />
          </Field>
        </div>
      ) : null}
      <FormMessage state={thresholdsError ? undefined : state} />
      <div className="form-actions">
        <SubmitButton pending={pending} pendingText="Adding…">
          Add rule
        </SubmitButton>
      </div>
    </form>
  );
}

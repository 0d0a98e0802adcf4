'use client';

import { useState } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionState } from '@/lib/console/action-state';
import { formatDateTime } from '@/lib/console/format';

type RotatedKey = { key: string; prefix: string; previousValidUntil: string; immediate: boolean };
type RotateAction = (previous: ActionState<RotatedKey> | undefined, form: FormData) => Promise<ActionState<RotatedKey>>;

const graces = [
  { value: 'now', label: 'Stop the old secret now' },
  { value: '1h', label: 'Keep the old secret for 1 hour' },
  { value: '24h', label: 'Keep the old secret for 24 hours' },
  { value: '7d', label: 'Keep the old secret for 7 days' },
];

/** Rotation: pick how long the old secret keeps working, then the new secret, shown this once. */
export function RotateKeyPanel({ action, prefix }: { action: RotateAction; prefix: string }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const rotated = state?.ok ? state.data : undefined;
  if (rotated && dismissed !== rotated.key) {
    return (
      <div className="stack" aria-live="polite">
        <p className="alert alert-success" role="status" style={{ margin: 0 }}>
          New secret issued. Copy it now: it is shown only this once and stored only as a hash.{' '}
          {rotated.immediate ? 'The old secret no longer works.' : <>The old secret keeps working until {formatDateTime(rotated.previousValidUntil)}.</>}
        </p>
        <div className="secret">
          <code data-testid="rotated-api-key">{rotated.key}</code>
          <CopyButton value={rotated.key} label="Copy key" />
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setDismissed(rotated.key)}>
            Done, I saved the key
          </button>
        </div>
      </div>
    );
  }
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form" aria-label="Rotate key">
      <Field id="rotate-grace" label="Old secret" hint={<>Requests with <code>{prefix}…</code> go on working for this long, so you can roll the new secret out first; then they get 401.</>}>
        <select id="rotate-grace" name="grace" className="select" defaultValue="24h" aria-describedby="rotate-grace-hint">
          {graces.map((grace) => (
            <option key={grace.value} value={grace.value}>
              {grace.label}
            </option>
          ))}
        </select>
      </Field>
      <FormMessage state={state?.ok ? undefined : state} />
      <div className="form-actions">
        <SubmitButton pending={pending} pendingText="Rotating…">Rotate secret</SubmitButton>
      </div>
    </form>
  );
}

'use client';

import { useState, useTransition } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionState } from '@/lib/console/action-state';

/** Enable/disable and delete for one credential. */
export function CredentialRowActions({
  label,
  enabled,
  setEnabled,
  remove,
}: {
  label: string;
  enabled: boolean;
  setEnabled: (enabled: boolean) => Promise<ActionState>;
  remove: () => Promise<ActionState>;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="row" style={{ justifyContent: 'flex-end' }}>
      <button
        type="button"
        className="button button-small"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await setEnabled(!enabled);
            setError(result.ok ? null : result.error);
          })
        }
      >
        {enabled ? 'Disable' : 'Enable'}
        <span className="visually-hidden"> {label}</span>
      </button>
      <ConfirmDialog
        trigger={<>Delete<span className="visually-hidden"> {label}</span></>}
        title={`Delete “${label}”?`}
        confirmLabel="Delete key"
        onConfirm={async () => {
          const result = await remove();
          setError(result.ok ? null : result.error);
        }}
      >
        Gatehouse forgets this provider key. Requests fall back to the system’s own key for this provider, if there is one, and are billed to credits.
      </ConfirmDialog>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

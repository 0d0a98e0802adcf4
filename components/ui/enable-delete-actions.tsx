'use client';

import { useState, useTransition, type ReactNode } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionState } from '@/lib/console/action-state';

/** Enable/disable and delete (after a confirmation that says what deleting does) for one row of a table. */
export function EnableDeleteActions({
  label,
  enabled,
  setEnabled,
  remove,
  confirmLabel,
  children,
}: {
  label: string;
  enabled: boolean;
  setEnabled: (enabled: boolean) => Promise<ActionState>;
  remove: () => Promise<ActionState>;
  confirmLabel: string;
  /** What deleting means, shown in the confirmation. */
  children: ReactNode;
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
        confirmLabel={confirmLabel}
        onConfirm={async () => {
          const result = await remove();
          setError(result.ok ? null : result.error);
        }}
      >
        {children}
      </ConfirmDialog>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

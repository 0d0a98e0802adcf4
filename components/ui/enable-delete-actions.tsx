'use client';

import { useTransition, type ReactNode } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionState } from '@/lib/console/action-state';
import { ActionError, useActionError } from '@/components/ui/action-error';

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
  const [error, report] = useActionError();
  return (
    <div className="row" style={{ justifyContent: 'flex-end' }}>
      <button
        type="button"
        className="button button-small"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await setEnabled(!enabled);
            report(result);
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
          report(result);
        }}
      >
        {children}
      </ConfirmDialog>
      <ActionError error={error} />
    </div>
  );
}

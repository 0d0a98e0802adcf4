'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionState } from '@/lib/console/action-state';
import { ActionError, useActionError } from '@/components/ui/action-error';

export function RevokeKeyButton({ name, prefix, revoke }: { name: string; prefix: string; revoke: () => Promise<ActionState> }) {
  const [error, report] = useActionError();
  return (
    <>
      <ConfirmDialog
        trigger={<>Revoke<span className="visually-hidden"> key {name}</span></>}
        title={`Revoke “${name}”?`}
        confirmLabel="Revoke key"
        onConfirm={async () => {
          const result = await revoke();
          report(result);
        }}
      >
        Requests with <code>{prefix}…</code> will be refused with 401 from now on. This cannot be undone.
      </ConfirmDialog>
      <ActionError error={error} />
    </>
  );
}

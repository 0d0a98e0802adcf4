'use client';

import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionState } from '@/lib/console/action-state';

export function RevokeKeyButton({ name, prefix, revoke }: { name: string; prefix: string; revoke: () => Promise<ActionState> }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <ConfirmDialog
        trigger={<>Revoke<span className="visually-hidden"> key {name}</span></>}
        title={`Revoke “${name}”?`}
        confirmLabel="Revoke key"
        onConfirm={async () => {
          const result = await revoke();
          setError(result.ok ? null : result.error);
        }}
      >
        Requests with <code>{prefix}…</code> will be refused with 401 from now on. This cannot be undone.
      </ConfirmDialog>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

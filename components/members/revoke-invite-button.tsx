'use client';

import { useState, useTransition } from 'react';
import type { ActionState } from '@/lib/console/action-state';

export function RevokeInviteButton({ revoke }: { revoke: () => Promise<ActionState> }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="button button-danger button-small"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await revoke();
            setError(result.ok ? null : result.error);
          })
        }
      >
        Withdraw
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

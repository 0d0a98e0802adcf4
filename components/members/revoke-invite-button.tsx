'use client';

import { useTransition } from 'react';
import type { ActionState } from '@/lib/console/action-state';
import { ActionError, useActionError } from '@/components/ui/action-error';

export function RevokeInviteButton({ revoke }: { revoke: () => Promise<ActionState> }) {
  const [pending, startTransition] = useTransition();
  const [error, report] = useActionError();
  return (
    <>
      <button
        type="button"
        className="button button-danger button-small"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await revoke();
            report(result);
          })
        }
      >
        Withdraw
      </button>
      <ActionError error={error} />
    </>
  );
}

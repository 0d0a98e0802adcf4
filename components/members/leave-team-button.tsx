'use client';

import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionState } from '@/lib/console/action-state';

export function LeaveTeamButton({ teamName, leave }: { teamName: string; leave: () => Promise<ActionState> }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <ConfirmDialog
        trigger="Leave team"
        triggerClassName="button button-danger"
        title={`Leave ${teamName}?`}
        confirmLabel="Leave"
        onConfirm={async () => {
          const result = await leave();
          if (result && !result.ok) setError(result.error);
        }}
      >
        You lose access until someone invites you again.
      </ConfirmDialog>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

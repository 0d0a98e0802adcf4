'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionState } from '@/lib/console/action-state';
import { ActionError, useActionError } from '@/components/ui/action-error';

export function LeaveTeamButton({ teamName, leave }: { teamName: string; leave: () => Promise<ActionState> }) {
  const [error, report] = useActionError();
  return (
    <>
      <ConfirmDialog
        trigger="Leave team"
        triggerClassName="button button-danger"
        title={`Leave ${teamName}?`}
        confirmLabel="Leave"
        onConfirm={async () => {
          const result = await leave();
          report(result);
        }}
      >
        You lose access until someone invites you again, and the API keys you created in this team stop working.
      </ConfirmDialog>
      <ActionError error={error} />
    </>
  );
}

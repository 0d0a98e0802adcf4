'use client';

import { useId, useTransition } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionState } from '@/lib/console/action-state';
import { ActionError, useActionError } from '@/components/ui/action-error';

/** Role select and remove button for one member, for admins. */
export function MemberRowActions({
  name,
  role,
  roles,
  liveKeys,
  changeRole,
  remove,
}: {
  name: string;
  role: string;
  /** Working API keys this member created: they stop when the member is removed. */
  liveKeys: number;
  roles: string[];
  changeRole: (role: string) => Promise<ActionState>;
  remove: () => Promise<ActionState>;
}) {
  const selectId = useId();
  const [pending, startTransition] = useTransition();
  const [error, report] = useActionError();
  const options = roles.includes(role) ? roles : [role, ...roles];
  return (
    <div className="row" style={{ justifyContent: 'flex-end' }}>
      <label className="visually-hidden" htmlFor={selectId}>
        Role of {name}
      </label>
      <select
        id={selectId}
        className="select"
        style={{ width: 'auto', height: 30, padding: '2px 8px' }}
        value={role}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value;
          startTransition(async () => {
            const result = await changeRole(next);
            report(result);
          });
        }}
      >
        {options.map((option) => (
          <option key={option} value={option} disabled={!roles.includes(option)}>
            {option}
          </option>
        ))}
      </select>
      <ConfirmDialog
        trigger={<>Remove<span className="visually-hidden"> {name}</span></>}
        title={`Remove ${name}?`}
        confirmLabel="Remove"
        onConfirm={async () => {
          const result = await remove();
          report(result);
        }}
      >
        They lose access to this team at once.{' '}
        {liveKeys === 0
          ? 'They created no working API keys here.'
          : `The ${liveKeys === 1 ? 'API key' : `${liveKeys} API keys`} they created in this team will stop working.`}
      </ConfirmDialog>
      <ActionError error={error} style={{ flexBasis: '100%', textAlign: 'right' }} />
    </div>
  );
}

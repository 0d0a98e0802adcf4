'use client';

import { useId, useState, useTransition } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionState } from '@/lib/console/action-state';

/** Role select and remove button for one member, for admins. */
export function MemberRowActions({
  name,
  role,
  roles,
  changeRole,
  remove,
}: {
  name: string;
  role: string;
  roles: string[];
  changeRole: (role: string) => Promise<ActionState>;
  remove: () => Promise<ActionState>;
}) {
  const selectId = useId();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
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
            setError(result.ok ? null : result.error);
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
          setError(result.ok ? null : result.error);
        }}
      >
        They lose access to this team at once. API keys they created keep working until revoked.
      </ConfirmDialog>
      {error ? (
        <span className="field-error" role="alert" style={{ flexBasis: '100%', textAlign: 'right' }}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

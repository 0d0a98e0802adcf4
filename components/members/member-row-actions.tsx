'use client';

import { useEffect, useId, useRef, useState, useTransition } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionState } from '@/lib/console/action-state';
import { ActionError, useActionError } from '@/components/ui/action-error';

/**
 * Role select and remove button for one member, for admins. A change to or from owner asks
 * first (owners manage other owners and can delete the team); every saved change says so.
 */
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
  const [saved, setSaved] = useState<string | null>(null);
  const [proposed, setProposed] = useState<string | null>(null);
  const confirm = useRef<HTMLDialogElement>(null);
  const options = roles.includes(role) ? roles : [role, ...roles];
  useEffect(() => {
    if (!saved) return;
    const timer = setTimeout(() => setSaved(null), 4_000);
    return () => clearTimeout(timer);
  }, [saved]);
  const save = (next: string) =>
    startTransition(async () => {
      setSaved(null);
      const result = await changeRole(next);
      report(result);
      if (result.ok) setSaved(`Saved: ${name} is now ${/^[aeiou]/.test(next) ? 'an' : 'a'} ${next}.`);
    });
  const ownerChange = proposed !== null && (proposed === 'owner' || role === 'owner');
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
          if (next === 'owner' || role === 'owner') {
            setProposed(next);
            confirm.current?.showModal();
          } else save(next);
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
      <dialog ref={confirm} className="dialog" onClose={() => setProposed(null)}>
        <div className="dialog-body">
          <h2>{proposed === 'owner' ? `Make ${name} an owner?` : `Change ${name} from owner to ${proposed ?? ''}?`}</h2>
          <p>
            {proposed === 'owner'
              ? 'Owners can do everything in this team, including managing other owners, changing your own role and removing you.'
              : 'They will no longer manage owners. A team always keeps at least one owner.'}
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => confirm.current?.close()} autoFocus>
              Cancel
            </button>
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                if (ownerChange && proposed) save(proposed);
                confirm.current?.close();
              }}
            >
              {proposed === 'owner' ? 'Make owner' : 'Change role'}
            </button>
          </div>
        </div>
      </dialog>
      {/* Always rendered, so screen readers announce the text when it appears. */}
      <span className="field-hint ok" role="status" style={{ flexBasis: '100%', textAlign: 'right', display: saved ? undefined : 'none' }}>
        {saved}
      </span>
      <ActionError error={error} style={{ flexBasis: '100%', textAlign: 'right' }} />
    </div>
  );
}

'use client';

import { useRef, useTransition, type ReactNode } from 'react';

/**
 * A button that asks before doing something destructive. Uses the native <dialog>, which
 * traps focus, closes on Escape and returns focus to the button.
 */
export function ConfirmDialog({
  trigger,
  title,
  children,
  confirmLabel,
  onConfirm,
  triggerClassName = 'button button-danger button-small',
}: {
  trigger: ReactNode;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown> | void;
  triggerClassName?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <button type="button" className={triggerClassName} onClick={() => dialog.current?.showModal()}>
        {trigger}
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby={undefined}>
        <div className="dialog-body">
          <h2>{title}</h2>
          <div className="muted">{children}</div>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => dialog.current?.close()} autoFocus>
              Cancel
            </button>
            <button
              type="button"
              className="button button-danger-solid"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  await onConfirm();
                  dialog.current?.close();
                })
              }
            >
              {pending ? 'Working…' : confirmLabel}
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}

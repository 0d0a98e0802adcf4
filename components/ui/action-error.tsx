'use client';

import { useState, type CSSProperties } from 'react';
import type { ActionState } from '@/lib/console/action-state';

/** The error of the last server action a control ran: `report` its result, show `error` with <ActionError>. */
export function useActionError() {
  const [error, setError] = useState<string | null>(null);
  const report = (result: ActionState | void | undefined) => setError(result && !result.ok ? result.error : null);
  return [error, report] as const;
}

/** A failed action's message next to the control that ran it, announced to screen readers. */
export function ActionError({ error, style }: { error: string | null; style?: CSSProperties }) {
  if (!error) return null;
  return (
    <span className="field-error" role="alert" style={style}>
      {error}
    </span>
  );
}

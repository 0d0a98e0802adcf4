'use client';

import { useState, useTransition, type ReactNode } from 'react';
import type { ActionState } from '@/lib/console/action-state';

/** One button running a server action, with its outcome next to it (for "Send test event" and "Acknowledge all"). */
export function ActionButton({ run, children, pendingText }: { run: () => Promise<ActionState>; children: ReactNode; pendingText: string }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionState | null>(null);
  return (
    <span className="row" style={{ gap: 8, flexWrap: 'wrap' }}>
      <button type="button" className="button button-small" disabled={pending} aria-busy={pending} onClick={() => startTransition(async () => setResult(await run()))}>
        {pending ? pendingText : children}
      </button>
      {result ? (
        result.ok ? (
          result.message ? (
            <span className="muted" role="status">
              {result.message}
            </span>
          ) : null
        ) : (
          <span className="field-error" role="alert">
            {result.error}
          </span>
        )
      ) : null}
    </span>
  );
}

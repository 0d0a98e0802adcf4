'use client';

import { useState, type ReactNode } from 'react';

/**
 * A banner with a close button that stays closed: the choice is kept in a cookie (named by
 * the caller, per team) so the server does not render it again on the next page.
 */
export function DismissibleBanner({ cookie, maxAgeDays, tone, children }: { cookie: string; maxAgeDays: number; tone: 'warning' | 'info'; children: ReactNode }) {
  const [dismissed, setDismissed] = useState(false);
  if (dismissed) return null;
  return (
    <div className={`alert alert-${tone} banner`} role="status">
      {children}
      <button
        type="button"
        className="button button-small button-ghost"
        aria-label="Dismiss this notice"
        onClick={() => {
          document.cookie = `${cookie}=1; path=/; max-age=${Math.round(maxAgeDays * 86_400)}; samesite=lax`;
          setDismissed(true);
        }}
      >
        Dismiss
      </button>
    </div>
  );
}

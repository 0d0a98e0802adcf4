'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

/** How long the page keeps looking before it says the row has not come. */
const LOOK_FOR_MS = 60_000;

/**
 * Shown for a generation id that is recent but has no row yet (a call still running, or one
 * just stopped): re-renders the page every second or two until the row is there, then the page
 * shows it. Gives up after a minute with a note, not an error.
 */
export function GenerationPending({ id, usageHref }: { id: string; usageHref: string }) {
  const router = useRouter();
  const [started] = useState(() => Date.now());
  const [gaveUp, setGaveUp] = useState(false);
  useEffect(() => {
    if (gaveUp) return;
    let tries = 0;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      if (Date.now() - started > LOOK_FOR_MS) {
        setGaveUp(true);
        return;
      }
      router.refresh();
      tries += 1;
      timer = setTimeout(tick, Math.min(500 * 2 ** Math.min(tries, 2), 2_000));
    };
    timer = setTimeout(tick, 500);
    return () => clearTimeout(timer);
  }, [router, started, gaveUp]);
  return (
    <div className="card" data-testid="generation-pending">
      <div className="card-body stack" style={{ gap: 10 }}>
        <h2 style={{ margin: 0 }}>{gaveUp ? 'Not recorded yet' : 'Being recorded…'}</h2>
        <p className="muted" style={{ margin: 0 }} role="status">
          {gaveUp
            ? 'This generation has no record after a minute. A call that is still running is logged when it ends; reload this page later, or find it under Usage.'
            : 'Calls are logged when they end, a moment after a stream stops. This page shows the record as soon as it is written.'}
        </p>
        <p style={{ margin: 0 }}>
          <code>{id}</code>
        </p>
        {gaveUp ? (
          <div className="form-actions">
            <button type="button" className="button button-small" onClick={() => window.location.reload()}>
              Reload
            </button>
            <a className="button button-small button-ghost" href={usageHref}>
              Usage
            </a>
          </div>
        ) : null}
      </div>
    </div>
  );
}

'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';

/**
 * The sidebar. On wide screens everything in it is always shown; on narrow ones (ui.css,
 * max-width 820px) only the brand and a menu button, which opens the team switcher, the
 * sections and the account below. Following a link closes it again.
 */
export function ShellMenu({ brand, children }: { brand: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <aside className="sidebar" data-open={open}>
      <div className="sidebar-top">
        {brand}
        <button type="button" className="button button-small menu-button" aria-expanded={open} aria-controls="console-menu" onClick={() => setOpen((value) => !value)}>
          <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
            {open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
          </svg>
          Menu
        </button>
      </div>
      <div className="sidebar-panel" id="console-menu">
        {children}
      </div>
    </aside>
  );
}

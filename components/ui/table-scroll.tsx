import type { CSSProperties, ReactNode } from 'react';

/**
 * The one wrapper every console table sits in: on a narrow screen the table scrolls sideways
 * inside it instead of widening the page. Focusable and labelled, so a keyboard user can
 * scroll it too (a scrollable region with no focusable content is otherwise unreachable).
 */
export function TableScroll({ label, className, style, children, busy }: { label?: string; className?: string; style?: CSSProperties; children: ReactNode; busy?: boolean }) {
  return (
    <div className={className ? `table-scroll ${className}` : 'table-scroll'} role="region" aria-label={label ?? 'Table'} tabIndex={0} aria-busy={busy} style={style}>
      {children}
    </div>
  );
}

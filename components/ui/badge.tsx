import type { ReactNode } from 'react';

export type BadgeTone = 'accent' | 'success' | 'danger' | 'warning' | 'muted';

export function Badge({ tone = 'muted', children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

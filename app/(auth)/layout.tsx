import type { ReactNode } from 'react';

export const dynamic = 'force-dynamic';

/** Sign-in, setup and invite pages: one centred card. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return <main className="auth">{children}</main>;
}

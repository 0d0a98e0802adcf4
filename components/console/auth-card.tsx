import Link from 'next/link';
import type { ReactNode } from 'react';

export function AuthCard({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <div className="card auth-card">
      <div className="card-body">
        <Link href="/" className="auth-brand">
          <span className="logo" aria-hidden="true">
            G
          </span>
          Gatehouse
        </Link>
        <h1>{title}</h1>
        {description ? <p className="muted" style={{ marginTop: 0, marginBottom: 20 }}>{description}</p> : null}
        {children}
      </div>
    </div>
  );
}

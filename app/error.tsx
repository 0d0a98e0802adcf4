'use client';

import Link from 'next/link';

/** Anything outside a team's shell that failed on the server. */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="auth">
      <div className="card auth-card" role="alert">
        <div className="card-body empty">
          <h1 style={{ fontSize: '1.3rem' }}>Something went wrong</h1>
          <p>The server could not show this page. Try again; the server log has the details.</p>
          <div className="row" style={{ justifyContent: 'center' }}>
            <button type="button" className="button button-primary" onClick={reset}>
              Try again
            </button>
            <Link className="button" href="/teams">
              Your teams
            </Link>
          </div>
          {error.digest ? <p className="muted mono" style={{ marginTop: 16 }}>Reference: {error.digest}</p> : null}
        </div>
      </div>
    </main>
  );
}

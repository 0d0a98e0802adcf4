'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';

/** A team page failed on the server: say so, offer a retry, and point to the log by reference. */
export default function TeamError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const params = useParams<{ team: string }>();
  return (
    <div className="card" role="alert">
      <div className="card-body empty">
        <h3>This page could not be loaded</h3>
        <p>Something went wrong on the server. Try again; if it keeps happening, the server log has the details.</p>
        <div className="row" style={{ justifyContent: 'center' }}>
          <button type="button" className="button button-primary" onClick={reset}>
            Try again
          </button>
          <Link className="button" href={`/t/${params.team}`}>
            Team overview
          </Link>
        </div>
        {error.digest ? <p className="muted mono" style={{ marginTop: 16 }}>Reference: {error.digest}</p> : null}
      </div>
    </div>
  );
}

import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="auth">
      <div className="card auth-card">
        <div className="card-body empty">
          <h1 style={{ fontSize: '1.3rem' }}>Not found</h1>
          <p>There is nothing here, or you do not have access to it.</p>
          <Link className="button button-primary" href="/teams">
            Go to your teams
          </Link>
        </div>
      </div>
    </main>
  );
}

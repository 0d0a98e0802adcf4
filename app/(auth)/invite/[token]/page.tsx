import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/console/auth-card';
import { getConsoleUser } from '@/lib/auth/console-session';
import { GatewayError } from '@/lib/gateway/errors';
import { getRuntime } from '@/lib/runtime';
import { findOpenInvite } from '@/lib/services/members/find-invite';
import { signOutAction } from '../../../(console)/actions';
import { AcceptInviteForm, RegisterWithInviteForm } from './invite-forms';

export const metadata: Metadata = { title: 'Invite · Gatehouse', referrer: 'no-referrer' };

/** An invite link: join with the current account, or create one. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const runtime = await getRuntime();
  const invite = await findOpenInvite(runtime.database.db, token).catch((error: unknown) => {
    if (error instanceof GatewayError) return null;
    throw error;
  });
  if (!invite) {
    return (
      <AuthCard title="Invite not valid" description="This invite link is invalid, expired or already used.">
        <p className="muted">Ask a team admin for a new link.</p>
        <Link className="button" href="/login">
          Sign in
        </Link>
      </AuthCard>
    );
  }
  const user = await getConsoleUser();
  const article = invite.role === 'admin' || invite.role === 'owner' ? 'an' : 'a';
  const description = (
    <>
      You are invited to join <strong>{invite.teamName}</strong> as {article} <strong>{invite.role}</strong>.
    </>
  );
  if (user) {
    return (
      <AuthCard title="Join team" description={description}>
        <div className="form">
          <p className="muted" style={{ margin: 0 }}>
            Signed in as {user.email}.
          </p>
          <AcceptInviteForm token={token} teamName={invite.teamName} />
          <form action={signOutAction}>
            <button type="submit" className="button button-ghost button-small">
              Not you? Sign out
            </button>
          </form>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Join team" description={description}>
      <div className="form">
        <RegisterWithInviteForm token={token} />
        <div className="auth-divider">already have an account?</div>
        <Link className="button" href={`/login?next=${encodeURIComponent(`/invite/${token}`)}`}>
          Sign in to accept
        </Link>
      </div>
    </AuthCard>
  );
}

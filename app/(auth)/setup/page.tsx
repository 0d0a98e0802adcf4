import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/console/auth-card';
import { getRuntime } from '@/lib/runtime';
import { checkSetupToken } from '@/lib/services/setup/create-first-admin';
import { SetupForm } from './setup-form';

export const metadata: Metadata = { title: 'Set up · Gatehouse', referrer: 'no-referrer' };

/** The one-time setup link printed at first start: creates the first instance admin. */
export default async function SetupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const runtime = await getRuntime();
  const valid = typeof token === 'string' && (await checkSetupToken({ ctx: { db: runtime.database.db }, input: { token } }));
  if (!valid) {
    return (
      <AuthCard title="Setup link not valid" description="It may have expired, been used already, or Gatehouse already has an admin.">
        <div className="form">
          <p className="muted" style={{ margin: 0 }}>
            Restart Gatehouse to print a fresh setup link while no account exists. If you already have an account, sign in.
          </p>
          <Link className="button button-primary" href="/login">
            Go to sign in
          </Link>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Welcome to Gatehouse" description="Create the first account. It can manage every team on this Gatehouse and owns the default team.">
      <SetupForm token={token} />
    </AuthCard>
  );
}

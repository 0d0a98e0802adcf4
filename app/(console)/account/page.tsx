import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsoleUser } from '@/lib/auth/console-session';
import { changePasswordAction } from './actions';
import { ChangePasswordForm } from './change-password-form';

export const metadata: Metadata = { title: 'Account · Gatehouse' };

/** The signed-in user's own account: for now, the password. */
export default async function AccountPage() {
  const user = await requireConsoleUser('/account');
  return (
    <main style={{ maxWidth: 640 }}>
      <PageHeader title="Account" description={`Signed in as ${user.email}`} actions={<Link href="/teams" className="button">Teams</Link>} />
      <Card title="Password" description="Changing it signs you out of every browser and device, this one included; sign in again with the new password.">
        <ChangePasswordForm action={changePasswordAction} />
      </Card>
    </main>
  );
}

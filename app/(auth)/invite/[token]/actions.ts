'use server';

import { redirect } from 'next/navigation';
import { signIn } from '@/lib/auth/auth';
import { consoleContext, getConsoleUser } from '@/lib/auth/console-session';
import { runAction, type ActionState } from '@/lib/console/action-state';
import { getRuntime } from '@/lib/runtime';
import { acceptInvite } from '@/lib/services/members/accept-invite';
import { registerWithInvite } from '@/lib/services/users/register-with-invite';

/** The signed-in user joins the team behind the link. */
export async function acceptInviteAction(_previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  const token = String(form.get('token') ?? '');
  const user = await getConsoleUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(`/invite/${token}`)}`);
  const result = await runAction(async () => ({ ok: true, data: await acceptInvite({ ctx: await consoleContext(user), input: { token } }) }));
  if (result.ok && result.data) redirect(`/t/${result.data.teamSlug}`);
  return result.ok ? { ok: true } : result;
}

/** A new account from the invite, then signed in and taken to the team. */
export async function registerWithInviteAction(_previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  const password = String(form.get('password') ?? '');
  if (password !== String(form.get('confirm') ?? '')) return { ok: false, error: 'The two passwords differ.' };
  const result = await runAction(async () => {
    const runtime = await getRuntime();
    const created = await registerWithInvite({
      ctx: { db: runtime.database.db },
      input: { token: String(form.get('token') ?? ''), email: String(form.get('email') ?? ''), name: String(form.get('name') ?? '') || undefined, password },
    });
    return { ok: true, data: created };
  });
  if (!result.ok || !result.data) return result.ok ? { ok: true } : result;
  await signIn('credentials', { email: result.data.user.email, password, redirectTo: `/t/${result.data.teamSlug}` });
  return { ok: true };
}

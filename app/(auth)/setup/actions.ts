'use server';

import { signIn } from '@/lib/auth/auth';
import { runAction, type ActionState } from '@/lib/console/action-state';
import { getRuntime } from '@/lib/runtime';
import { createFirstAdmin } from '@/lib/services/setup/create-first-admin';

/** Creates the first instance admin from the setup link, then signs them in. */
export async function createFirstAdminAction(_previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  const password = String(form.get('password') ?? '');
  if (password !== String(form.get('confirm') ?? '')) return { ok: false, error: 'The two passwords differ.' };
  const result = await runAction(async () => {
    const runtime = await getRuntime();
    const created = await createFirstAdmin({
      ctx: { db: runtime.database.db },
      input: { token: String(form.get('token') ?? ''), email: String(form.get('email') ?? ''), name: String(form.get('name') ?? '') || undefined, password },
    });
    return { ok: true, data: created };
  });
  if (!result.ok || !result.data) return result.ok ? { ok: true } : result;
  await signIn('credentials', { email: result.data.user.email, password, redirectTo: `/t/${result.data.team.slug}` });
  return { ok: true };
}

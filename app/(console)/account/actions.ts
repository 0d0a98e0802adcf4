'use server';

import { signOut } from '@/lib/auth/auth';
import { consoleContext, requireConsoleUser } from '@/lib/auth/console-session';
import { runAction, type ActionState } from '@/lib/console/action-state';
import { changePassword } from '@/lib/services/users/change-password';

/** Change password: the signed-in user. Every session ends, this one too, so it signs in again. */
export async function changePasswordAction(_previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  const user = await requireConsoleUser('/account');
  const result = await runAction<undefined>(async () => {
    await changePassword({ ctx: await consoleContext(user), input: { currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') } });
    return { ok: true };
  });
  if (result.ok) await signOut({ redirectTo: '/login' });
  return result;
}

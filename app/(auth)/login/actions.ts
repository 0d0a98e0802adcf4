'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth/auth';
import type { ActionState } from '@/lib/console/action-state';
import { safeNext } from '@/lib/console/safe-next';

/** Email + password sign-in; on success Auth.js sets the session cookie and we redirect. */
export async function passwordSignInAction(_previous: ActionState | undefined, form: FormData): Promise<ActionState> {
  const email = String(form.get('email') ?? '');
  const password = String(form.get('password') ?? '');
  if (!email || !password) return { ok: false, error: 'Enter your email and password.' };
  try {
    await signIn('credentials', { email, password, redirectTo: safeNext(form.get('next')) });
    return { ok: true };
  } catch (error) {
    if (error instanceof AuthError && error.type === 'CredentialsSignin') {
      const code = (error as AuthError & { code?: string }).code ?? '';
      const seconds = /^rate_limited_(\d+)$/.exec(code)?.[1];
      if (seconds) return { ok: false, error: `Too many sign-in attempts for this email. Try again in ${waitText(Number(seconds))}.` };
      return { ok: false, error: 'Wrong email or password.' };
    }
    if (error instanceof AuthError) return { ok: false, error: 'Sign-in failed. Try again.' };
    throw error; // Next's redirect after a successful sign-in
  }
}

function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Starts an OAuth/OIDC sign-in; the provider sends the user back to /api/auth/callback/<id>. */
export async function oauthSignInAction(form: FormData): Promise<void> {
  await signIn(String(form.get('provider')), { redirectTo: safeNext(form.get('next')) });
}

'use server';

import { signOut } from '@/lib/auth/auth';

/** Ends the session (the JWT cookie) and returns to the sign-in page. */
export async function signOutAction() {
  await signOut({ redirectTo: '/login' });
}

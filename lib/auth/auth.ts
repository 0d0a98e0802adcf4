import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import { z } from 'zod';
import { findPasswordHash, findUserDisabled } from '@/db/queries/users';
import { decoyHash, MAX_PASSWORD_LENGTH, verifyPassword } from '../crypto/passwords';
import type { Env } from '../env';
import { getRuntime, type Runtime } from '../runtime';
import { authSecret } from './auth-secret';
import { clientAddressFrom } from './client-address';
import { userForOAuthProfile } from './oauth-user';
import { endSession, sessionStands, startSession } from './session-store';

const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/** Too many attempts for this email from this address; the code carries the seconds to wait. */
class LoginThrottled extends CredentialsSignin {
  constructor(waitMs: number) {
    super();
    this.code = `rate_limited_${Math.ceil(waitMs / 1000)}`;
  }
}

const passwordSignIn = z.object({ email: z.string().trim().email().max(320), password: z.string().min(1).max(MAX_PASSWORD_LENGTH) });

export type OAuthProviderInfo = { id: string; name: string };

/** The single sign-on buttons this install shows: each only when its variables are set. */
export function oauthProviders(env: Env): OAuthProviderInfo[] {
  const list: OAuthProviderInfo[] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) list.push({ id: 'github', name: 'GitHub' });
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET) list.push({ id: 'oidc', name: env.AUTH_OIDC_NAME });
  return list;
}

function buildConfig(runtime: Runtime): NextAuthConfig {
  const { env } = runtime;
  const db = runtime.database.db;
  const providers: NextAuthConfig['providers'] = [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw, request) {
        const parsed = passwordSignIn.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const address = clientAddressFrom(request.headers);
        const waitMs = await runtime.loginThrottle.attempt(email, address);
        if (waitMs > 0) throw new LoginThrottled(waitMs);
        const account = await findPasswordHash(db, email);
        // Verify against a decoy for unknown emails, so timing does not reveal which accounts exist.
        const valid = await verifyPassword(password, account?.passwordHash ?? (await decoyHash()));
        // A disabled account is refused like a wrong password, after the same work.
        if (!account?.passwordHash || !valid || account.disabledAt) return null;
        await runtime.loginThrottle.succeeded(email, address);
        return { id: account.id, email: email.toLowerCase() };
      },
    }),
  ];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET) {
    providers.push({ id: 'oidc', name: env.AUTH_OIDC_NAME, type: 'oidc', issuer: env.AUTH_OIDC_ISSUER, clientId: env.AUTH_OIDC_ID, clientSecret: env.AUTH_OIDC_SECRET });
  }

  return {
    secret: authSecret(env),
    trustHost: true,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/login', error: '/login' },
    providers,
    logger: {
      // Auth.js logs failed credential sign-ins as errors; they are expected, so keep them at debug.
      error: (error) => {
        if ((error as { type?: string }).type === 'CredentialsSignin') return;
        runtime.logger.warn('auth error', { name: error.name, message: error.message });
      },
      warn: (code) => runtime.logger.debug('auth warning', { code }),
      debug: () => {},
    },
    events: {
      // Auth.js only drops the cookie; ending the row is what stops a copy of it.
      signOut: async (message) => endSession(db, 'token' in message ? message.token : null),
    },
    callbacks: {
      async signIn({ account, profile, user }) {
        if (!account || account.type === 'credentials') return true;
        const email = profile?.email ?? user?.email;
        if (!email) return '/login?error=NoEmail';
        // Linking by email is only safe when the identity provider vouches for the address.
        if (account.type === 'oidc' && profile?.email_verified === false) return '/login?error=UnverifiedEmail';
        if (await findUserDisabled(db, email)) return '/login?error=AccessDenied';
        return true;
      },
      async jwt({ token, user, account, profile }) {
        // Every later read of the session: it stands only while its row does (null clears the cookie).
        if (!account) return (await sessionStands(db, token)) ? token : null;
        if (account.type === 'credentials') {
          token.sub = user?.id;
        } else {
          const email = (profile?.email ?? user?.email ?? '').toString();
          const linked = await userForOAuthProfile(db, { email, name: (profile?.name as string | undefined) ?? user?.name ?? null, provider: account.provider });
          token.sub = linked.id;
          token.email = linked.email;
        }
        if (!token.sub) return null;
        token.sid = await startSession(db, token.sub, SESSION_MAX_AGE_SECONDS);
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

const configs = new WeakMap<Runtime, NextAuthConfig>();

/** Built lazily from the process's runtime, once: the secret may live in the data folder. */
export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const runtime = await getRuntime();
  let config = configs.get(runtime);
  if (!config) {
    config = buildConfig(runtime);
    configs.set(runtime, config);
  }
  return config;
});

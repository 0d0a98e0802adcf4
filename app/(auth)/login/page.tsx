import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/console/auth-card';
import { oauthProviders } from '@/lib/auth/auth';
import { getConsoleUser } from '@/lib/auth/console-session';
import { safeNext } from '@/lib/console/safe-next';
import { getRuntime } from '@/lib/runtime';
import { oauthSignInAction } from './actions';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in · Gatehouse' };

const errors: Record<string, string> = {
  NoEmail: 'Your identity provider did not share an email address, which Gatehouse needs to find your account.',
  UnverifiedEmail: 'Your identity provider has not verified your email address.',
  OAuthAccountNotLinked: 'This email is already linked to another sign-in method.',
  AccessDenied: 'Sign-in was refused.',
  Configuration: 'Sign-in is misconfigured on this Gatehouse. Check the server log.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNext(params.next);
  if (await getConsoleUser()) redirect(next);
  const providers = oauthProviders((await getRuntime()).env);
  const error = typeof params.error === 'string' ? (errors[params.error] ?? 'Sign-in failed. Try again.') : null;
  return (
    <AuthCard title="Sign in" description="to manage teams, API keys, provider keys and credits.">
      <div className="form">
        {error ? (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
        {providers.map((provider) => (
          <form key={provider.id} action={oauthSignInAction}>
            <input type="hidden" name="provider" value={provider.id} />
            <input type="hidden" name="next" value={next} />
            <button type="submit" className="button button-block">
              Continue with {provider.name}
            </button>
          </form>
        ))}
        {providers.length > 0 ? <div className="auth-divider">or with a password</div> : null}
        <LoginForm next={next} />
        <p className="field-hint">New here? Ask a team admin for an invite link.</p>
      </div>
    </AuthCard>
  );
}

import Link from 'next/link';
import type { GatewayFailure } from './chat-stream';

type Advice = { title: string; explanation: string; link?: { href: string; label: string } };

/** What a failed call means for the person in front of the playground, and where to fix it. */
export function adviceFor(failure: GatewayFailure, team: string): Advice {
  const base = `/t/${team}`;
  if (failure.code === 'insufficient_credits' || failure.code === 'spend_limit_exceeded' || (failure.status === 402 && !failure.code)) {
    return { title: 'Out of credits', explanation: 'The team has no credits left for calls on system keys.', link: { href: `${base}/credits`, label: 'Add credits' } };
  }
  if (failure.status === 402) {
    return { title: 'The provider refused payment', explanation: 'The provider’s own account (the team’s key, or this Gatehouse’s) has no credit left with that provider.', link: { href: `${base}/credentials`, label: 'Provider keys' } };
  }
  if (failure.code === 'no_credentials') {
    return { title: 'No provider key for this model', explanation: 'Neither this Gatehouse nor the team has a key for any provider that serves it.', link: { href: `${base}/credentials`, label: 'Add a provider key' } };
  }
  if (failure.status === 403) {
    return {
      title: 'Not allowed by the team’s settings',
      explanation: 'The team’s routing policy or plan rules out every provider for this call (allowlist, denylist, zero data retention, prompt training, or BYOK not in the plan).',
      link: { href: `${base}/settings`, label: 'Review team settings' },
    };
  }
  if (failure.status === 401) return { title: 'The playground session expired', explanation: 'Reload the page to continue.' };
  if (failure.status === 404) return { title: 'Unknown model', explanation: 'This Gatehouse does not serve that model (any more).', link: { href: `${base}/models`, label: 'Browse models' } };
  if (failure.status === 429) return { title: 'Rate limited', explanation: 'The team, or the provider, is receiving too many requests right now. Wait a moment and try again.' };
  if (failure.status === 400) return { title: 'The request was refused', explanation: 'A setting is not valid for this model. Check temperature, max tokens and top-p.' };
  if (failure.status === 0) return { title: 'Connection problem', explanation: 'The answer did not arrive. Check the connection to Gatehouse and try again.' };
  if (failure.status >= 500) {
    return {
      title: 'The provider failed',
      explanation: 'Gatehouse tried every provider it could for this model and none answered properly. This is usually temporary: try again, or pick another model.',
    };
  }
  return { title: `The call failed (${failure.status})`, explanation: 'See the message from Gatehouse below.' };
}

export function ErrorNotice({ failure, team }: { failure: GatewayFailure; team: string }) {
  const advice = adviceFor(failure, team);
  return (
    <div className="alert alert-error playground-error" role="alert">
      <p>
        <strong>{advice.title}.</strong> {advice.explanation}
      </p>
      <p className="mono playground-error-message">
        {failure.status ? `${failure.status} ` : ''}
        {failure.code ? `${failure.code}: ` : ''}
        {failure.message}
      </p>
      {advice.link ? (
        <p>
          <Link href={advice.link.href}>{advice.link.label} →</Link>
        </p>
      ) : null}
    </div>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { publicBaseUrl } from '@/lib/console/base-url';
import { formatDollars } from '@/lib/console/format';
import { listCredentials } from '@/lib/services/credentials/list-credentials';
import { getCreditSummary } from '@/lib/services/credits/get-credit-summary';
import { listApiKeys } from '@/lib/services/keys/list-api-keys';

export const metadata: Metadata = { title: 'Overview · Gatehouse' };

/** A team at a glance, and the next steps to a first request. */
export default async function TeamOverviewPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { team, ctx } = await requireConsoleTeam(slug, 'viewer');
  const [credits, keys, credentials, baseUrl] = await Promise.all([
    getCreditSummary({ ctx, input: { team: team.id } }),
    listApiKeys({ ctx, input: { team: team.id } }),
    listCredentials({ ctx, input: { team: team.id } }),
    publicBaseUrl(),
  ]);
  const activeKeys = keys.filter((key) => !key.revokedAt).length;
  // The key printed in the terminal at first start (created by nobody) was never seen here: it does not count as this step.
  const createdAKey = keys.some((key) => !key.revokedAt && key.createdBy);
  const steps = [
    { done: credits.balanceMicros > 0 || credentials.length > 0, title: 'Add credits or a provider key', text: 'Requests on Gatehouse’s own provider keys are paid from credits; your own provider keys (BYOK) are not.', href: credits.balanceMicros > 0 ? `/t/${team.slug}/credits` : `/t/${team.slug}/credentials` },
    { done: createdAKey, title: 'Create an API key', text: 'One key per app or environment.', href: `/t/${team.slug}/keys` },
    { done: keys.some((key) => key.lastUsedAt), title: 'Send a first request', text: 'Point any OpenAI-compatible client at the base URL below.', href: `/t/${team.slug}/usage` },
  ];
  return (
    <>
      <PageHeader title={team.name} description={<>Plan <strong>{team.plan}</strong> · team <code>{team.slug}</code></>} />
      <div className="stats">
        <div className="card stat">
          <p className="stat-label">Balance</p>
          <p className="stat-value" data-testid="balance">{formatDollars(credits.balanceMicros)}</p>
        </div>
        <div className="card stat">
          <p className="stat-label">Spent so far</p>
          <p className="stat-value">{formatDollars(credits.totalUsedMicros)}</p>
        </div>
        <div className="card stat">
          <p className="stat-label">Active API keys</p>
          <p className="stat-value">{activeKeys}</p>
        </div>
        <div className="card stat">
          <p className="stat-label">Provider keys (BYOK)</p>
          <p className="stat-value">{credentials.filter((credential) => credential.enabled).length}</p>
        </div>
      </div>
      <div className="stack">
        <Card title="Get started">
          <ol style={{ margin: 0, paddingLeft: 20, display: 'grid', gap: 12 }}>
            {steps.map((step) => (
              <li key={step.title}>
                <Link href={step.href}>
                  <strong>{step.title}</strong>
                </Link>{' '}
                {step.done ? <span className="badge badge-success">done</span> : null}
                <div className="muted" style={{ fontSize: '0.875rem' }}>
                  {step.text}
                </div>
              </li>
            ))}
          </ol>
        </Card>
        <Card title="Base URL" description="Works with the OpenAI SDK, the AI SDK and anything that speaks OpenAI Chat Completions or Anthropic Messages.">
          <div className="secret">
            <code data-testid="base-url">{`${baseUrl}/v1`}</code>
            <CopyButton value={`${baseUrl}/v1`} label="Copy base URL" />
          </div>
        </Card>
      </div>
    </>
  );
}

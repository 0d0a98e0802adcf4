import type { Metadata } from 'next';
import Link from 'next/link';
import { CreateKeyPanel } from '@/components/keys/create-key-panel';
import { KeyStatus } from '@/components/keys/key-status';
import { RevokeKeyButton } from '@/components/keys/revoke-key-button';
import { Card, TableCard } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { publicBaseUrl } from '@/lib/console/base-url';
import { formatDate, formatDollars, formatRelative } from '@/lib/console/format';
import { roleAtLeast } from '@/lib/services/context';
import { listApiKeys } from '@/lib/services/keys/list-api-keys';
import { createKeyAction, revokeKeyAction } from './actions';

export const metadata: Metadata = { title: 'API keys · Gatehouse' };

const periodLabel: Record<string, string> = { total: '', day: '/day', month: '/month' };

export default async function KeysPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { team, role, ctx } = await requireConsoleTeam(slug, 'viewer');
  const [keys, baseUrl] = await Promise.all([listApiKeys({ ctx, input: { team: team.id } }), publicBaseUrl()]);
  const canCreate = roleAtLeast(role, 'member');
  const canRevoke = roleAtLeast(role, 'admin');
  return (
    <>
      <PageHeader title="API keys" description={<>Keys call the gateway at <code>{baseUrl}/v1</code> on behalf of {team.name}.</>} />
      <div className="stack">
        <Card title="Create a key" description="The key is shown once. Give each app or environment its own key so you can revoke it alone.">
          {canCreate ? (
            <CreateKeyPanel action={createKeyAction.bind(null, team.slug)} baseUrl={baseUrl} />
          ) : (
            <p className="alert alert-info" style={{ margin: 0 }}>
              Viewers can see keys but not create them. Ask a team admin for the member role.
            </p>
          )}
        </Card>
        <TableCard title="Keys" description={`${keys.filter((key) => !key.revokedAt).length} active of ${keys.length}`}>
          {keys.length === 0 ? (
            <EmptyState title="No API keys yet">
              {canCreate ? 'Create one above, then call any model through this Gatehouse with the OpenAI SDK, the AI SDK or curl.' : 'A member of this team can create one; it then shows up here.'}
            </EmptyState>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col" className="num">
                    Spend
                  </th>
                  <th scope="col">Status</th>
                  {canRevoke ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key.id} data-key-prefix={key.prefix}>
                    <td>
                      <strong>
                        <Link href={`/t/${team.slug}/keys/${key.id}`}>{key.name}</Link>
                      </strong>
                      {key.expiresAt ? <div className="muted" style={{ fontSize: '0.8rem' }}>expires {formatDate(key.expiresAt)}</div> : null}
                    </td>
                    <td className="mono nowrap">{key.prefix}…</td>
                    <td>
                      <span className="nowrap">{formatDate(key.createdAt)}</span>
                      <div className="muted" style={{ fontSize: '0.8rem' }}>
                        {key.createdByEmail ?? 'CLI / admin API'}
                      </div>
                    </td>
                    <td className="nowrap">{formatRelative(key.lastUsedAt)}</td>
                    <td className="num nowrap">
                      {formatDollars(key.spentMicros)}
                      {key.spendLimitMicros !== null ? (
                        <div className="muted" style={{ fontSize: '0.8rem' }}>
                          of {formatDollars(key.spendLimitMicros)}
                          {periodLabel[key.spendLimitPeriod] ?? ''}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <KeyStatus status={key.status} />
                    </td>
                    {canRevoke ? <td className="num">{key.revokedAt ? null : <RevokeKeyButton name={key.name} prefix={key.prefix} revoke={revokeKeyAction.bind(null, team.slug, key.id)} />}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </TableCard>
      </div>
    </>
  );
}

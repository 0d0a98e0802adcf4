import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { EditKeyForm } from '@/components/keys/edit-key-form';
import { KeySpendChart } from '@/components/keys/key-spend-chart';
import { KeyStatus } from '@/components/keys/key-status';
import { RevokeKeyButton } from '@/components/keys/revoke-key-button';
import { RotateKeyPanel } from '@/components/keys/rotate-key-panel';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { microsToDollarString } from '@/lib/billing/format';
import { formatDate, formatDateTime, formatDollars, formatRelative } from '@/lib/console/format';
import { GatewayError } from '@/lib/gateway/errors';
import { decodePathSegment } from '@/lib/http/decode-path';
import { roleAtLeast } from '@/lib/services/context';
import { getApiKey, type ApiKeyDetail } from '@/lib/services/keys/get-api-key';
import { getUsageTimeseries } from '@/lib/services/usage/get-usage-timeseries';
import { revokeKeyAction } from '../actions';
import { editKeyAction, rotateKeyAction } from './actions';
import '@/components/keys/keys.css';

export const metadata: Metadata = { title: 'API key · Gatehouse' };

const periodLabel: Record<string, string> = { total: 'in total', day: 'per day', month: 'per month' };

function Facts({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="key-facts">
      {items.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const perMinute = (value: number | null, unit: string) => (value === null ? <span className="muted">team plan only</span> : `${value.toLocaleString('en')} ${unit}`);

/** One key: what it is, what it spent, its settings and its rotation. Viewers read; admins edit; its creator renames and rotates it. */
export default async function KeyPage({ params }: { params: Promise<{ team: string; keyId: string }> }) {
  const { team: slug, keyId: rawKeyId } = await params;
  const { user, team, role, ctx } = await requireConsoleTeam(slug, 'viewer');
  let key: ApiKeyDetail;
  try {
    key = await getApiKey({ ctx, input: { keyId: decodePathSegment(rawKeyId), team: team.id } });
  } catch (error) {
    if (error instanceof GatewayError && (error.code === 'not_found' || error.code === 'invalid_request')) notFound();
    throw error;
  }
  const spend = await getUsageTimeseries({ ctx, input: { team: team.id, search: { range: '30d', key: key.id }, groupBy: 'model', timeZone: 'UTC', groups: 1 } });
  const points = spend.points.map((point) => ({ bucket: point.bucket, costMicros: point.total.costMicros, requests: point.total.requests }));
  const isAdmin = roleAtLeast(role, 'admin');
  const isOwn = key.createdBy === user.id && roleAtLeast(role, 'member');
  const live = !key.revokedAt;
  const canEdit = live && (isAdmin || isOwn);
  return (
    <>
      <p style={{ margin: '0 0 12px', fontSize: '0.875rem' }}>
        <Link href={`/t/${team.slug}/keys`}>← API keys</Link>
      </p>
      <PageHeader
        title={key.name}
        description={
          <>
            <code>{key.prefix}…</code> <KeyStatus status={key.status} />
          </>
        }
      />
      <div className="stack">
        <div className="key-page-grid">
          <Card title="Overview">
            <Facts
              items={[
                ['Key', <code key="prefix">{key.prefix}…</code>],
                ['Created', <>{formatDate(key.createdAt)} · {key.createdByEmail ?? 'CLI / admin API'}</>],
                ['Last used', <span key="last" title={formatDateTime(key.lastUsedAt)}>{formatRelative(key.lastUsedAt)}</span>],
                ['Expires', key.expiresAt ? formatDateTime(key.expiresAt) : 'never'],
                ['Spend', <>{formatDollars(key.spentMicros)} in total{key.spendLimitMicros !== null ? <> · limit {formatDollars(key.spendLimitMicros)} {periodLabel[key.spendLimitPeriod]}</> : null}</>],
                ['Rate', <>{perMinute(key.requestsPerMinute, 'requests/min')} · {perMinute(key.tokensPerMinute, 'tokens/min')}</>],
                ['Concurrency', key.maxConcurrentRequests === null ? <span className="muted">team plan only</span> : `${key.maxConcurrentRequests} at once`],
                ['Rotated', key.rotatedAt ? <>{formatDateTime(key.rotatedAt)}{key.previousValidUntil ? <> · old secret works until {formatDateTime(key.previousValidUntil)}</> : null}</> : 'never'],
                ...(key.revokedAt ? ([['Revoked', formatDateTime(key.revokedAt)]] as Array<[string, ReactNode]>) : []),
              ]}
            />
          </Card>
          <Card title="Spend, last 30 days" description={`${formatDollars(spend.total.costMicros)} at list price over ${spend.total.requests.toLocaleString('en')} requests, per UTC day.`}>
            <KeySpendChart points={points} />
          </Card>
        </div>
        {canEdit ? (
          <Card title="Settings" description="Limits apply on top of the team’s plan. Every instance applies a change within seconds.">
            <EditKeyForm
              action={editKeyAction.bind(null, team.slug, key.id)}
              limitsEditable={isAdmin}
              value={{
                name: key.name,
                expiresOn: key.expiresAt ? key.expiresAt.toISOString().slice(0, 10) : '',
                spendLimit: key.spendLimitMicros === null ? '' : microsToDollarString(key.spendLimitMicros),
                spendLimitPeriod: key.spendLimitPeriod,
                requestsPerMinute: key.requestsPerMinute,
                tokensPerMinute: key.tokensPerMinute,
                maxConcurrentRequests: key.maxConcurrentRequests,
              }}
            />
          </Card>
        ) : null}
        {canEdit ? (
          <Card title="Rotate" description="A new secret for the same key: its name, limits, spend and usage history stay.">
            <RotateKeyPanel action={rotateKeyAction.bind(null, team.slug, key.id)} prefix={key.prefix} />
          </Card>
        ) : null}
        {live && isAdmin ? (
          <Card title="Revoke" description="Stops every secret of this key for good.">
            <RevokeKeyButton name={key.name} prefix={key.prefix} revoke={revokeKeyAction.bind(null, team.slug, key.id)} />
          </Card>
        ) : null}
      </div>
    </>
  );
}

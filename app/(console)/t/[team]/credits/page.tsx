import type { Metadata } from 'next';
import Link from 'next/link';
import { GrantCreditsForm, ThresholdForm } from '@/components/credits/amount-form';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Card, TableCard } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsoleTeam } from '@/lib/auth/console-session';
import { microsToDollarString } from '@/lib/billing/format';
import { formatDateTime, formatDollars, formatSignedDollars } from '@/lib/console/format';
import { roleAtLeast } from '@/lib/services/context';
import { getCreditSummary } from '@/lib/services/credits/get-credit-summary';
import { listLedger } from '@/lib/services/credits/list-ledger';
import { grantCreditsAction, setThresholdAction } from './actions';

export const metadata: Metadata = { title: 'Credits · Gatehouse' };

const kinds: Record<string, { label: string; tone: BadgeTone }> = {
  grant: { label: 'grant', tone: 'success' },
  monthly: { label: 'monthly credits', tone: 'accent' },
  debit: { label: 'debit', tone: 'muted' },
  adjustment: { label: 'adjustment', tone: 'warning' },
};

export default async function CreditsPage({ params, searchParams }: { params: Promise<{ team: string }>; searchParams: Promise<{ before?: string }> }) {
  const { team: slug } = await params;
  const { before } = await searchParams;
  const { user, team, role, ctx } = await requireConsoleTeam(slug, 'viewer');
  const beforeId = before && /^\d+$/.test(before) ? Number(before) : undefined;
  const [summary, ledger] = await Promise.all([getCreditSummary({ ctx, input: { team: team.id } }), listLedger({ ctx, input: { team: team.id, beforeId, limit: 25 } })]);
  return (
    <>
      <PageHeader
        title="Credits"
        description={
          <>
            Requests served with Gatehouse’s own provider keys are paid from credits, at catalog prices. Requests on your own provider keys are logged but not charged.
            {summary.monthlyCreditsMicros > 0
              ? ` The ${summary.planName} plan adds ${formatDollars(summary.monthlyCreditsMicros)} of credits each calendar month (UTC); unused credits carry over.`
              : null}
          </>
        }
      />
      <div className="stats">
        <div className="card stat">
          <p className="stat-label">Balance</p>
          <p className="stat-value" data-testid="credit-balance">{formatDollars(summary.balanceMicros)}</p>
        </div>
        <div className="card stat">
          <p className="stat-label">Used in total</p>
          <p className="stat-value">{formatDollars(summary.totalUsedMicros)}</p>
        </div>
        {summary.monthlyCreditsMicros > 0 ? (
          <div className="card stat">
            <p className="stat-label">Included each month</p>
            <p className="stat-value" data-testid="monthly-credits">{formatDollars(summary.monthlyCreditsMicros)}</p>
          </div>
        ) : null}
        <div className="card stat">
          <p className="stat-label">Low-balance warning</p>
          <p className="stat-value">{formatDollars(summary.lowBalanceThresholdMicros)}</p>
        </div>
      </div>
      <div className="stack">
        <TableCard title="Ledger" description="Every grant and charge, newest first, with the balance after it.">
          {ledger.entries.length === 0 ? (
            <EmptyState title={beforeId ? 'No older entries' : 'No credits yet'}>
              {beforeId ? 'You have reached the first entry.' : user.isInstanceAdmin ? 'Grant credits below to start using Gatehouse’s own provider keys.' : 'An instance admin grants credits. Meanwhile, your own provider keys work without credits.'}
            </EmptyState>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Details</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col" className="num">
                    Balance after
                  </th>
                </tr>
              </thead>
              <tbody>
                {ledger.entries.map((entry) => (
                  <tr key={entry.id}>
                    <td className="nowrap">{formatDateTime(entry.createdAt)}</td>
                    <td>
                      <Badge tone={kinds[entry.kind]?.tone ?? 'muted'}>{kinds[entry.kind]?.label ?? entry.kind}</Badge>
                    </td>
                    <td>
                      {entry.generationId ? <span className="mono">{entry.generationId}</span> : (entry.note ?? <span className="muted">—</span>)}
                    </td>
                    <td className="num nowrap">{formatSignedDollars(entry.amountMicros)}</td>
                    <td className="num nowrap">{formatDollars(entry.balanceAfterMicros)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {beforeId || ledger.nextBeforeId ? (
            <nav className="row" aria-label="Ledger pages" style={{ justifyContent: 'flex-end', padding: '12px 16px' }}>
              {beforeId ? (
                <Link className="button button-small" href={`/t/${team.slug}/credits`}>
                  ← Newest
                </Link>
              ) : null}
              {ledger.nextBeforeId ? (
                <Link className="button button-small" href={`/t/${team.slug}/credits?before=${ledger.nextBeforeId}`}>
                  Older →
                </Link>
              ) : null}
            </nav>
          ) : null}
        </TableCard>
        <div className="form-row" style={{ alignItems: 'start', gap: 20 }}>
          {user.isInstanceAdmin ? (
            <Card title="Grant credits" description="Instance admins only. Recorded in the ledger and the audit log.">
              <GrantCreditsForm action={grantCreditsAction.bind(null, team.slug)} />
            </Card>
          ) : null}
          <Card title="Low-balance warning" description={roleAtLeast(role, 'admin') ? undefined : 'Team admins can change this.'}>
            <ThresholdForm action={setThresholdAction.bind(null, team.slug)} current={microsToDollarString(summary.lowBalanceThresholdMicros)} disabled={!roleAtLeast(role, 'admin')} />
          </Card>
        </div>
      </div>
    </>
  );
}

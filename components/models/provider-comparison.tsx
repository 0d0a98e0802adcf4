import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { TableCard } from '@/components/ui/card';
import type { ObservedProviderStats } from '@/db/queries/model-stats';
import type { TeamOffering } from '@/lib/services/models/team-availability';
import { offeringLabel } from './availability';
import { pricePerMillion } from './model-format';

const fixes: Record<NonNullable<TeamOffering['blockedBy']>, { href: string; label: string }> = {
  credentials: { href: 'credentials', label: 'Add a provider key' },
  policy: { href: 'settings', label: 'Routing policy' },
  plan: { href: 'settings', label: 'Team plan' },
};

function Availability({ team, offering }: { team: string; offering: TeamOffering }) {
  if (offering.usable) {
    const via = offering.credentials.map((credential) => (credential === 'byok' ? "team's own key" : 'system key')).join(', then ');
    return (
      <>
        <Badge tone="success">{offeringLabel(offering)}</Badge>
        <p className="offering-reason">via {via}</p>
      </>
    );
  }
  const fix = offering.blockedBy ? fixes[offering.blockedBy] : undefined;
  return (
    <>
      <Badge tone={offering.blockedBy === 'credentials' ? 'muted' : 'warning'}>{offeringLabel(offering)}</Badge>
      <p className="offering-reason">
        {offering.reason}
        {fix ? (
          <>
            {' '}
            <Link href={`/t/${team}/${fix.href}`}>{fix.label}</Link>
          </>
        ) : null}
      </p>
    </>
  );
}

/** Every provider of one model side by side: price, upstream id, availability, observed speed. */
export function ProviderComparison({ team, offerings, observed, description }: { team: string; offerings: TeamOffering[]; observed: ObservedProviderStats[]; description: string }) {
  const stats = new Map(observed.map((row) => [row.provider, row]));
  return (
    <TableCard title="Providers" description={description}>
      <table>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Upstream id</th>
            <th scope="col" className="num">
              Input
            </th>
            <th scope="col" className="num">
              Output
            </th>
            <th scope="col" className="num">
              Cache read
            </th>
            <th scope="col" className="num">
              Cache write
            </th>
            <th scope="col">Availability</th>
            <th scope="col" className="num">
              TTFT p50
            </th>
            <th scope="col" className="num">
              Tokens/s
            </th>
            <th scope="col" className="num">
              Calls (7 d)
            </th>
          </tr>
        </thead>
        <tbody>
          {offerings.map((offering) => {
            const seen = stats.get(offering.provider);
            return (
              <tr key={offering.provider}>
                <th scope="row" style={{ color: 'var(--fg)', fontWeight: 500, fontSize: '0.875rem' }}>
                  {offering.providerName}
                </th>
                <td className="mono">{offering.upstreamModelId}</td>
                <td className="num nowrap">{pricePerMillion(offering.inputPrice)}</td>
                <td className="num nowrap">{pricePerMillion(offering.outputPrice)}</td>
                <td className="num nowrap">{pricePerMillion(offering.cacheReadPrice)}</td>
                <td className="num nowrap">{pricePerMillion(offering.cacheWritePrice)}</td>
                <td>
                  <Availability team={team} offering={offering} />
                </td>
                <td className="num nowrap">{seen?.ttftP50Ms != null ? `${seen.ttftP50Ms} ms` : <span className="muted">no data</span>}</td>
                <td className="num nowrap">{seen?.tokensPerSecond != null ? seen.tokensPerSecond.toLocaleString('en') : <span className="muted">no data</span>}</td>
                <td className="num">{seen?.requests ?? 0}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableCard>
  );
}

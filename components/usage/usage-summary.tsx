import { formatDollars } from '@/lib/console/format';
import type { UsageSums } from '@/lib/services/usage/get-usage-timeseries';
import { formatCompact, formatInteger } from './usage-format';

/** The range in four numbers; placeholders keep the same size while loading. */
export function UsageSummary({ total }: { total: UsageSums | undefined }) {
  const stats = [
    { label: 'Spend (list price)', value: total && formatDollars(total.costMicros) },
    { label: 'Billed to credits', value: total && formatDollars(total.billedMicros) },
    { label: 'Requests', value: total && formatInteger(total.requests) },
    { label: 'Tokens in / out', value: total && `${formatCompact(total.inputTokens)} / ${formatCompact(total.outputTokens)}` },
  ];
  return (
    <div className="stats usage-summary" aria-busy={!total}>
      {stats.map((stat) => (
        <div className="card stat" key={stat.label}>
          <p className="stat-label">{stat.label}</p>
          {stat.value === undefined ? <div className="skeleton stat-value" style={{ width: 120 }} aria-hidden="true" /> : <p className="stat-value">{stat.value}</p>}
        </div>
      ))}
    </div>
  );
}

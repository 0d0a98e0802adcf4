import { formatDollars } from '@/lib/console/format';
import type { UsageTimeseries } from '@/lib/services/usage/get-usage-timeseries';
import { formatCompact, formatDuration, formatInteger, formatPercent } from './usage-format';

/** "+12 % vs previous 7 days", or why there is no comparison. */
function delta(current: number, previous: number, lowerIsBetter = false) {
  if (previous === 0) return { text: current === 0 ? 'same as the previous period' : 'none in the previous period', tone: '' };
  const change = (current - previous) / previous;
  const rounded = Math.round(change * 100);
  if (rounded === 0) return { text: '±0 % vs previous period', tone: '' };
  const worse = lowerIsBetter ? change > 0 : false;
  return { text: `${rounded > 0 ? '+' : ''}${rounded} % vs previous period`, tone: worse ? 'delta-worse' : '' };
}

/**
 * The range in a few numbers, each compared with the previous period of the same length;
 * latency percentiles are approximate (from hourly histograms). Placeholders keep the same size while loading.
 */
export function UsageSummary({ data }: { data: UsageTimeseries | undefined }) {
  const total = data?.total;
  const previous = data?.previous;
  const summary = data?.summary;
  const previousRate = previous && previous.requests > 0 ? previous.errors / previous.requests : null;
  const stats = [
    { label: 'Spend (list price)', value: total && formatDollars(total.costMicros), change: total && previous && delta(total.costMicros, previous.costMicros) },
    { label: 'Billed to credits', value: total && formatDollars(total.billedMicros), change: total && previous && delta(total.billedMicros, previous.billedMicros) },
    { label: 'Requests', value: total && formatInteger(total.requests), change: total && previous && delta(total.requests, previous.requests) },
    {
      label: 'Tokens in / out',
      value: total && `${formatCompact(total.inputTokens)} / ${formatCompact(total.outputTokens)}`,
      change: total && previous && delta(total.inputTokens + total.outputTokens, previous.inputTokens + previous.outputTokens),
    },
    {
      label: 'Error rate',
      value: summary && (summary.errorRate === null ? '—' : formatPercent(summary.errorRate)),
      change: summary && previous && { text: previousRate === null ? 'no calls in the previous period' : `${formatPercent(previousRate)} in the previous period`, tone: '' },
    },
    {
      label: 'Latency p50 / p95 (approx.)',
      value: summary && `${formatDuration(summary.latencyP50)} / ${formatDuration(summary.latencyP95)}`,
      change: summary && { text: summary.ttftP50 === null ? 'no streamed calls' : `time to first token p50 ${formatDuration(summary.ttftP50)}`, tone: '' },
    },
  ];
  return (
    <div className="stats usage-summary" aria-busy={!total}>
      {stats.map((stat) => (
        <div className="card stat" key={stat.label}>
          <p className="stat-label">{stat.label}</p>
          {stat.value === undefined ? <div className="skeleton stat-value" style={{ width: 120 }} aria-hidden="true" /> : <p className="stat-value">{stat.value}</p>}
          <p className={`stat-delta ${stat.change?.tone ?? ''}`}>{stat.change?.text ?? '\u00a0'}</p>
        </div>
      ))}
    </div>
  );
}

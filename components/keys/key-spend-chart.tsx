'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { formatBucket, formatDollarTick, formatInteger } from '@/components/usage/usage-format';
import { formatDollars } from '@/lib/console/format';

export type KeySpendPoint = { bucket: string; costMicros: number; requests: number };

const axisTick = { fontSize: 11, fill: 'var(--muted)' };

function SpendTooltip({ active, payload, label }: TooltipContentProps<number, string>) {
  if (!active || !payload?.length) return null;
  const point = payload[0].payload as KeySpendPoint;
  return (
    <div className="key-chart-tooltip">
      <p>{formatBucket(String(label), 'day')}</p>
      <div>
        <span>Spend</span>
        <strong>{formatDollars(point.costMicros)}</strong>
      </div>
      <div>
        <span>Requests</span>
        <span>{formatInteger(point.requests)}</span>
      </div>
    </div>
  );
}

/** Daily spend of one key (list price, from the usage rollups), one bar a UTC day. */
export function KeySpendChart({ points }: { points: KeySpendPoint[] }) {
  const empty = points.every((point) => point.costMicros === 0 && point.requests === 0);
  return (
    <div className="key-chart" role="img" aria-label={empty ? 'No spend in the last 30 days' : 'Daily spend over the last 30 days'}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="bucket" tickFormatter={(value: string) => formatBucket(value, 'day')} tick={axisTick} tickLine={false} axisLine={false} minTickGap={18} />
          <YAxis tickFormatter={formatDollarTick} tick={axisTick} tickLine={false} axisLine={false} width={56} allowDecimals={false} domain={[0, (max: number) => Math.max(max, 10_000)]} />
          <Tooltip cursor={{ fill: 'var(--subtle)' }} content={(props) => <SpendTooltip {...(props as TooltipContentProps<number, string>)} />} />
          <Bar dataKey="costMicros" name="Spend" fill="var(--chart-1, #4f46e5)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      {empty ? <div className="key-chart-empty">No spend in the last 30 days</div> : null}
    </div>
  );
}

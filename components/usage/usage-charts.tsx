'use client';

import type { ReactNode } from 'react';
import { Area, AreaChart, Bar, CartesianGrid, ComposedChart, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { UsageSums, UsageTimeseries } from '@/lib/services/usage/get-usage-timeseries';
import { formatDollars } from '@/lib/console/format';
import { errorChartConfig, latencyChartConfig, seriesConfig, tokenChartConfig, type ChartConfig } from './chart-config';
import { alignPreviousPeriod, hasPreviousValues, isPeriodBefore, PREVIOUS_KEY } from './previous-period';
import { formatBucket, formatCompact, formatDollarTick, formatDuration, formatInteger, formatPercent } from './usage-format';

type Point = { bucket: string } & Record<string, number | string | null>;
type Unit = 'hour' | 'day';

const axisTick = { fontSize: 11, fill: 'var(--muted)' };

function ChartTooltip({
  active,
  payload,
  label,
  config,
  unit,
  format,
  stacked = true,
}: TooltipContentProps<number, string> & { config: ChartConfig; unit: Unit; format: (value: number) => string; stacked?: boolean }) {
  if (!active || !payload?.length) return null;
  const previous = payload.find((entry) => entry.dataKey === PREVIOUS_KEY);
  const current = payload.filter((entry) => entry.dataKey !== PREVIOUS_KEY);
  const entries = current.filter((entry) => entry.value !== null && entry.value !== undefined && (stacked ? Number(entry.value) > 0 : true));
  const total = current.reduce((sum, entry) => sum + Number(entry.value ?? 0), 0);
  const previousBucket = (previous?.payload as { previousBucket?: string | null } | undefined)?.previousBucket;
  return (
    <div className="chart-tooltip">
      <p>{formatBucket(String(label), unit, true)}</p>
      {[...entries].reverse().map((entry) => {
        const item = config[String(entry.dataKey)];
        return (
          <div key={String(entry.dataKey)}>
            <span>
              <i style={{ background: item?.color }} />
              {item?.label}
            </span>
            <span>{format(Number(entry.value))}</span>
          </div>
        );
      })}
      {stacked && entries.length > 1 ? (
        <div>
          <span>Total</span>
          <strong>{format(total)}</strong>
        </div>
      ) : null}
      {entries.length === 0 ? <div><span>Nothing</span></div> : null}
      {previous && previous.value !== null && previous.value !== undefined ? (
        <div>
          <span>
            <i className="chart-swatch-dashed" />
            Previous period{previousBucket ? `, ${formatBucket(previousBucket, unit, true)}` : ''}
          </span>
          <span>{format(Number(previous.value))}</span>
        </div>
      ) : null}
    </div>
  );
}

type PreviousToggle = { shown: boolean; onChange?: (shown: boolean) => void };

function Legend({ config, previous }: { config: ChartConfig; previous?: PreviousToggle }) {
  return (
    <div className="chart-legend">
      {Object.entries(config).map(([key, item]) => (
        <span key={key} title={item.label}>
          <i style={{ background: item.color }} />
          {item.label}
        </span>
      ))}
      {previous ? (
        <label className="chart-legend-toggle" title="The period of the same length just before this one, bucket by bucket">
          <input type="checkbox" checked={previous.shown} disabled={!previous.onChange} onChange={(event) => previous.onChange?.(event.target.checked)} />
          <i className="chart-swatch-dashed" />
          Previous period
        </label>
      ) : null}
    </div>
  );
}

/** A fixed-height frame: the page does not move when a chart appears or refreshes. */
function ChartFrame({ wide, empty, children }: { wide?: boolean; empty: string | null; children: ReactNode }) {
  return (
    <div className={`chart-box${wide ? ' chart-box-wide' : ''}`}>
      {children}
      {empty ? <div className="chart-empty">{empty}</div> : null}
    </div>
  );
}

type BarsProps = {
  data: Point[];
  config: ChartConfig;
  unit: Unit;
  format: (value: number) => string;
  tick: (value: number) => string;
  /** The smallest top of the y axis, so an all-zero chart still gets sensible ticks. */
  floor: number;
  emptyLabel: string;
  wide?: boolean;
  hideLegend?: boolean;
  /** The previous period's value per point (already aligned), drawn as a dashed line when it has any. */
  withPrevious?: boolean;
  previousToggle?: PreviousToggle;
};

function StackedBars({ data, config, unit, format, tick, floor, emptyLabel, wide, hideLegend, withPrevious, previousToggle }: BarsProps) {
  const empty = data.every((point) => Object.keys(config).every((key) => !point[key]));
  return (
    <>
      <ChartFrame wide={wide} empty={empty ? emptyLabel : null}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="bucket" tickFormatter={(value: string) => formatBucket(value, unit)} tick={axisTick} tickLine={false} axisLine={false} minTickGap={18} />
            <YAxis tickFormatter={tick} tick={axisTick} tickLine={false} axisLine={false} width={64} allowDecimals={false} domain={[0, (max: number) => Math.max(max, floor)]} />
            <Tooltip cursor={{ fill: 'var(--subtle)' }} content={(props) => <ChartTooltip {...(props as TooltipContentProps<number, string>)} config={config} unit={unit} format={format} />} />
            {Object.entries(config).map(([key, item]) => (
              <Bar key={key} dataKey={key} name={item.label} stackId="usage" fill={item.color} isAnimationActive={false} />
            ))}
            {withPrevious ? (
              <Line
                dataKey={PREVIOUS_KEY}
                name="Previous period"
                className="previous-period-line"
                type="monotone"
                stroke="var(--fg)"
                strokeOpacity={0.6}
                strokeWidth={1.5}
                strokeDasharray="5 4"
                dot={false}
                activeDot={false}
                connectNulls={false}
                isAnimationActive={false}
              />
            ) : null}
          </ComposedChart>
        </ResponsiveContainer>
      </ChartFrame>
      {hideLegend ? <div className="chart-legend" /> : <Legend config={config} previous={previousToggle} />}
    </>
  );
}

const metricOf = (field: keyof UsageSums) => (data: UsageTimeseries) =>
  data.points.map((point) => ({ bucket: point.bucket, ...Object.fromEntries(point.series.map((sums, index) => [`s${index}`, sums[field]])) }) as Point);

const spendPoints = metricOf('costMicros');
const requestPoints = metricOf('requests');

/** A metric's points with the previous period's total of the same metric at the same positions. */
function withPreviousPoints(points: Point[], previous: UsageTimeseries | undefined, field: keyof UsageSums) {
  const aligned = alignPreviousPeriod(
    points,
    previous?.points.map((point) => ({ bucket: point.bucket, value: point.total[field] })),
  );
  return { points: aligned, drawn: hasPreviousValues(aligned) };
}

function ChartCard({ title, description, actions, children }: { title: string; description: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="card">
      <header className="card-header">
        <div>
          <h2>{title}</h2>
          <p>{description}</p>
        </div>
        {actions}
      </header>
      <div className="card-body">{children}</div>
    </section>
  );
}

function Placeholder({ wide }: { wide?: boolean }) {
  return (
    <>
      <div className={`skeleton chart-box${wide ? ' chart-box-wide' : ''}`} aria-hidden="true" />
      <div className="chart-legend" />
    </>
  );
}

type Health = NonNullable<UsageTimeseries['health']>[number];

/** Lines over time that are not sums (percentiles, rates): gaps where a bucket had no calls. */
function Lines({ data, config, unit, format, tick, floor, emptyLabel }: { data: Array<Record<string, string | number | null>>; config: ChartConfig; unit: Unit; format: (value: number) => string; tick: (value: number) => string; floor: number; emptyLabel: string }) {
  const empty = data.every((point) => Object.keys(config).every((key) => point[key] === null || point[key] === undefined));
  return (
    <>
      <ChartFrame empty={empty ? emptyLabel : null}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="bucket" tickFormatter={(value: string) => formatBucket(value, unit)} tick={axisTick} tickLine={false} axisLine={false} minTickGap={18} />
            <YAxis tickFormatter={tick} tick={axisTick} tickLine={false} axisLine={false} width={64} domain={[0, (max: number) => Math.max(max, floor)]} />
            <Tooltip content={(props) => <ChartTooltip {...(props as TooltipContentProps<number, string>)} config={config} unit={unit} format={format} stacked={false} />} />
            {Object.entries(config).map(([key, item]) => (
              <Line key={key} type="monotone" dataKey={key} name={item.label} stroke={item.color} strokeWidth={2} strokeDasharray={item.dashed ? '5 4' : undefined} dot={false} connectNulls={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </ChartFrame>
      <Legend config={config} />
    </>
  );
}

const latencyPoints = (health: Health[]) => health.map((point) => ({ bucket: point.bucket, p50: point.latencyP50, p95: point.latencyP95, ttft: point.ttftP50 }));
const errorPoints = (health: Health[]) => health.map((point) => ({ bucket: point.bucket, errorRate: point.errorRate }));
const percentTick = (share: number) => formatPercent(share);
const durationTick = (ms: number) => (ms >= 1_000 ? `${Number((ms / 1_000).toPrecision(2))} s` : `${ms} ms`);

/**
 * Spend, requests and tokens over time; spend and requests stacked by the top models or
 * providers (requests share the spend chart's legend). Without data the same cards render
 * with placeholders, so the page does not move when the data arrives.
 */
export function UsageCharts({
  data,
  previous,
  showPrevious = false,
  onShowPrevious,
  groupBy,
  onGroupBy,
  refreshing = false,
}: {
  data: UsageTimeseries | undefined;
  /** The same filters over the period before `data`'s range (the timeseries route with `period=previous`). */
  previous?: UsageTimeseries;
  showPrevious?: boolean;
  onShowPrevious?: (shown: boolean) => void;
  groupBy: 'model' | 'provider';
  onGroupBy?: (value: 'model' | 'provider') => void;
  refreshing?: boolean;
}) {
  const unit = (data?.range.bucket ?? 'day') as Unit;
  const config = data ? seriesConfig(data.series) : {};
  const comparable = showPrevious && data && previous && isPeriodBefore(previous, data) ? previous : undefined;
  const spend = data ? withPreviousPoints(spendPoints(data), comparable, 'costMicros') : undefined;
  const requests = data ? withPreviousPoints(requestPoints(data), comparable, 'requests') : undefined;
  const previousToggle = { shown: showPrevious, onChange: onShowPrevious };
  const tokens = data?.points.map((point) => ({ bucket: point.bucket, inputTokens: point.total.inputTokens, outputTokens: point.total.outputTokens })) ?? [];
  const toggle = (
    <div className="segmented" role="group" aria-label="Stack by">
      {(['model', 'provider'] as const).map((value) => (
        <button key={value} type="button" aria-pressed={groupBy === value} disabled={!onGroupBy} onClick={() => onGroupBy?.(value)}>
          By {value}
        </button>
      ))}
    </div>
  );
  return (
    <div className={`usage-charts${refreshing ? ' is-refreshing' : ''}`} aria-busy={refreshing || !data}>
      <ChartCard title="Spend" description={`List price per ${unit} (${data?.timeZone ?? 'UTC'}), BYOK calls included.`} actions={toggle}>
        {spend ? (
          <StackedBars
            data={spend.points}
            withPrevious={spend.drawn}
            previousToggle={previousToggle}
            config={config}
            unit={unit}
            format={formatDollars}
            tick={formatDollarTick}
            floor={10_000}
            emptyLabel="No spend in this range"
            wide
          />
        ) : (
          <Placeholder wide />
        )}
      </ChartCard>
      <ChartCard title="Requests" description={`Per ${unit}, by ${groupBy}; colors and the previous period as in Spend.`}>
        {requests ? (
          <StackedBars data={requests.points} withPrevious={requests.drawn} config={config} unit={unit} format={formatInteger} tick={formatCompact} floor={4} emptyLabel="No requests in this range" hideLegend />
        ) : (
          <Placeholder />
        )}
      </ChartCard>
      <ChartCard title="Latency (approximate)" description={`p50 and p95 of successful calls (or of the status filtered), and time to first token p50 of streamed ones, per ${unit}; read from log-scale histograms.`}>
        {data ? (
          <Lines data={latencyPoints(data.health)} config={latencyChartConfig} unit={unit} format={(value) => formatDuration(value)} tick={durationTick} floor={100} emptyLabel="No calls in this range" />
        ) : (
          <Placeholder />
        )}
      </ChartCard>
      <ChartCard title="Error rate" description={`Share of calls that failed (status error; aborted calls are not errors) per ${unit}.`}>
        {data ? (
          <Lines data={errorPoints(data.health)} config={errorChartConfig} unit={unit} format={formatPercent} tick={percentTick} floor={0.01} emptyLabel="No calls in this range" />
        ) : (
          <Placeholder />
        )}
      </ChartCard>
      <ChartCard title="Tokens" description={`Input and output tokens per ${unit}.`}>
        {data ? (
          <>
            <ChartFrame empty={tokens.every((point) => !point.inputTokens && !point.outputTokens) ? 'No tokens in this range' : null}>
              <ResponsiveContainer width="100%" height="100%">
                <AreaChart data={tokens} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                  <CartesianGrid vertical={false} stroke="var(--border)" />
                  <XAxis dataKey="bucket" tickFormatter={(value: string) => formatBucket(value, unit)} tick={axisTick} tickLine={false} axisLine={false} minTickGap={18} />
                  <YAxis tickFormatter={formatCompact} tick={axisTick} tickLine={false} axisLine={false} width={64} allowDecimals={false} domain={[0, (max: number) => Math.max(max, 10)]} />
                  <Tooltip content={(props) => <ChartTooltip {...(props as TooltipContentProps<number, string>)} config={tokenChartConfig} unit={unit} format={formatInteger} />} />
                  {(Object.keys(tokenChartConfig) as Array<keyof typeof tokenChartConfig>).map((key) => (
                    <Area
                      key={key}
                      type="monotone"
                      dataKey={key}
                      stackId="tokens"
                      stroke={tokenChartConfig[key].color}
                      fill={tokenChartConfig[key].color}
                      fillOpacity={0.25}
                      isAnimationActive={false}
                    />
                  ))}
                </AreaChart>
              </ResponsiveContainer>
            </ChartFrame>
            <Legend config={tokenChartConfig} />
          </>
        ) : (
          <Placeholder />
        )}
      </ChartCard>
    </div>
  );
}

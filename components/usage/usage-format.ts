const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number) => String(value).padStart(2, '0');
const integer = new Intl.NumberFormat('en');
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/**
 * Times in UTC, written by hand rather than with toLocaleString, so the server render and
 * the browser produce the same text (no hydration mismatch, no layout shift).
 */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  return `${months[date.getUTCMonth()]} ${date.getUTCDate()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

export function formatFullTimestamp(iso: string): string {
  const date = new Date(iso);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${String(date.getUTCMilliseconds()).padStart(3, '0')} UTC`;
}

/** A chart bucket label (`2025-03-05T13:00`, local to the series' time zone): "13:00" for hours, "Mar 5" for days. */
export function formatBucket(bucket: string, unit: 'hour' | 'day', withDate = false): string {
  const [day, time] = bucket.split('T');
  const [, month, date] = day.split('-').map(Number);
  const dayLabel = `${months[month - 1]} ${date}`;
  if (unit === 'day') return dayLabel;
  return withDate || time === '00:00' ? `${dayLabel} ${time}` : time;
}

export const formatInteger = (value: number) => integer.format(value);
export const formatCompact = (value: number) => compact.format(value);

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1_000) return `${ms} ms`;
  return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A y-axis tick for micro-dollars: short and approximate ("$1.2k", "$0.05"); tooltips show exact amounts. */
export function formatDollarTick(micros: number): string {
  const dollars = micros / 1_000_000;
  if (dollars === 0) return '$0';
  if (Math.abs(dollars) >= 1_000) return `$${compact.format(dollars)}`;
  if (Math.abs(dollars) >= 1) return `$${dollars.toFixed(dollars % 1 === 0 ? 0 : 2)}`;
  return `$${Number(dollars.toPrecision(2))}`;
}

export function modelLabel(requested: string, served: string | null): string {
  return served && served !== requested ? `${requested} → ${served}` : requested;
}

/** A share as a percentage: "0.4 %", "12 %". */
export function formatPercent(share: number): string {
  const percent = share * 100;
  if (percent === 0) return '0 %';
  return `${percent < 10 ? Number(percent.toPrecision(2)) : Math.round(percent)} %`;
}

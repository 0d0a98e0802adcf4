import { microsToDollarString } from '@/lib/billing/format';

/** Micro-dollars for people: "$12.34", small amounts with the digits they need ("$0.000123"). */
export function formatDollars(micros: number): string {
  const text = microsToDollarString(Math.abs(micros));
  const [whole, fraction = ''] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${micros < 0 ? '−' : ''}$${grouped}.${fraction.padEnd(2, '0')}`;
}

/** A signed ledger amount: "+$10.00" / "−$0.0001". */
export function formatSignedDollars(micros: number): string {
  return micros > 0 ? `+${formatDollars(micros)}` : formatDollars(micros);
}

const dateFormat = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' });

export function formatDate(value: Date | string | null | undefined): string {
  return value ? dateFormat.format(new Date(value)) : '—';
}

export function formatDateTime(value: Date | string | null | undefined): string {
  return value ? `${dateTimeFormat.format(new Date(value))} UTC` : '—';
}

/** "3 minutes ago", "in 2 days", or "never". */
export function formatRelative(value: Date | string | null | undefined, now = Date.now()): string {
  if (!value) return 'never';
  const seconds = Math.round((new Date(value).getTime() - now) / 1000);
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

/** How the console names keyless calls made in the playground: "Playground · <name or email>". */
export function playgroundLabel(user: { id: string; name: string | null; email: string | null }): string {
  return `Playground · ${user.name ?? user.email ?? `removed user ${user.id.slice(0, 12)}`}`;
}

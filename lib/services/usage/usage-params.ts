import { z } from 'zod';

/**
 * The usage view's filters as they appear in the page URL and the console API's query
 * string. Pure (zod only): the server page, the route handlers and the client component
 * all read the same parameters the same way.
 */

export const rangePresets = ['24h', '7d', '30d'] as const;
export type RangePreset = (typeof rangePresets)[number];
export const defaultPreset: RangePreset = '7d';
export const usageStatuses = ['success', 'error', 'aborted'] as const;

const presetHours: Record<RangePreset, number> = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 };
const MAX_RANGE_DAYS = 366;
const DAY = 86_400_000;

const isCalendarDay = (value: string) => {
  const time = Date.parse(`${value}T00:00:00Z`);
  // Date.parse rolls 2025-02-30 over to March; a real day survives the round trip.
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
};
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2025-03-01').refine(isCalendarDay, 'not a calendar date');
// PostgreSQL text cannot hold NUL: refused here, not as a database error.
const text = z.string().trim().min(1).max(200).refine((value) => !value.includes('\0'), 'must not contain NUL');

/** Empty strings (a cleared form field) count as absent. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const usageSearchSchema = z.object({
  range: optional(z.enum(rangePresets)),
  /** Custom range: whole UTC days, both inclusive. */
  from: optional(day),
  to: optional(day),
  model: optional(text),
  provider: optional(text),
  key: optional(text),
  user: optional(text),
  tag: optional(text),
  /** The calling app: its `x-title` or its `http-referer`, as recorded. */
  app: optional(text),
  status: optional(z.enum(usageStatuses)),
});
export type UsageSearch = z.infer<typeof usageSearchSchema>;

export const filterFields = ['model', 'provider', 'key', 'user', 'tag', 'app', 'status'] as const;
const searchFields = ['range', 'from', 'to', ...filterFields] as const;

/** Reads the first value of each known parameter from a URL query or Next's searchParams object. */
export function searchInput(source: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const read = (name: string) => {
    if (source instanceof URLSearchParams) return source.get(name) ?? undefined;
    const value = source[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return Object.fromEntries(searchFields.map((name) => [name, read(name)]));
}

export function parseUsageSearch(source: URLSearchParams | Record<string, string | string[] | undefined>) {
  return usageSearchSchema.safeParse(searchInput(source));
}

/** The canonical query string of a search: stable order, defaults left out. Used as the react-query key too. */
export function usageSearchString(search: UsageSearch): string {
  const params = new URLSearchParams();
  for (const name of searchFields) {
    const value = search[name];
    if (value === undefined) continue;
    if (name === 'range' && (value === defaultPreset || search.from)) continue;
    if (name === 'to' && !search.from) continue;
    params.set(name, value);
  }
  return params.toString();
}

export type ResolvedRange = { from: Date; to: Date; preset: RangePreset | 'custom'; bucket: 'hour' | 'day' };

/**
 * The time window of a search: a custom range when `from` is given (to the end of `to`, or
 * of today), else a preset ending now. Throws on a reversed or too-long range.
 */
export function resolveRange(search: UsageSearch, now: Date): ResolvedRange {
  let from: Date;
  let to: Date;
  let preset: ResolvedRange['preset'];
  if (search.from) {
    from = new Date(`${search.from}T00:00:00Z`);
    to = search.to ? new Date(Date.parse(`${search.to}T00:00:00Z`) + DAY) : now;
    preset = 'custom';
    if (to <= from) throw new RangeError("'to' must not be before 'from'.");
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY) throw new RangeError(`A range covers at most ${MAX_RANGE_DAYS} days.`);
  } else {
    preset = search.range ?? defaultPreset;
    to = now;
    from = new Date(now.getTime() - presetHours[preset] * 3_600_000);
  }
  // Hourly bars up to three days, daily beyond: at most ~370 buckets either way.
  const bucket = to.getTime() - from.getTime() <= 3 * DAY ? 'hour' : 'day';
  return { from, to, preset, bucket };
}

/** The query-function filter of a search in a resolved range. */
export function toUsageFilter(search: UsageSearch, range: ResolvedRange) {
  return {
    from: range.from,
    to: range.to,
    model: search.model,
    provider: search.provider,
    apiKeyId: search.key,
    endUser: search.user,
    tag: search.tag,
    app: search.app,
    status: search.status,
  };
}

export const isTimeZone = (value: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

export const timeseriesOptionsSchema = z.object({
  groupBy: optional(z.enum(['model', 'provider'])).default('model'),
  timeZone: optional(z.string().max(64).refine(isTimeZone, 'unknown time zone')).default('UTC'),
  /** `previous`: the period of the same length just before the range, for the charts' comparison line. */
  period: optional(z.enum(['current', 'previous'])).default('current'),
});

export const topOptionsSchema = z.object({
  by: z.array(z.enum(['model', 'provider', 'key', 'user', 'member', 'tag'])).min(1).max(6),
  limit: optional(z.coerce.number().int().min(1).max(100)).default(10),
});

export const suggestOptionsSchema = z.object({
  field: z.enum(['model', 'provider', 'user', 'tag']),
  q: z.preprocess((value) => value ?? '', text.or(z.literal(''))),
  limit: optional(z.coerce.number().int().min(1).max(50)).default(20),
});

/** What the generation lookup accepts: a generation id as the gateway makes them, bounded. */
export const generationIdSchema = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, 'not a generation id');

export const listOptionsSchema = z.object({
  cursor: optional(z.string().max(200)),
  limit: optional(z.coerce.number().int().min(1).max(200)).default(50),
});

import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { apiKeys, teamSettings, usageLogs, users } from '../schema';
import { isPattern, tagMatch, textMatch } from './usage-match';
import { dimensionSource, mainSource, planSpans, rawOnly, zoneUse, type SpanPlan } from './usage-source';

export type UsageStatus = 'success' | 'error' | 'aborted';

/**
 * What the console filters usage by. `from` is inclusive, `to` exclusive. Model, provider, end
 * user, tag and app match exactly, or as a case-insensitive `*` pattern (see usage-match.ts).
 */
export type UsageFilter = {
  from: Date;
  to: Date;
  model?: string;
  provider?: string;
  apiKeyId?: string;
  endUser?: string;
  tag?: string;
  /** Matches the recorded app title or referer. */
  app?: string;
  status?: UsageStatus;
};

/**
 * Where the previous page ended. `createdAt` is the row's timestamp to the microsecond
 * (UTC ISO text): a JavaScript Date keeps only milliseconds, and a cursor rounded to them
 * would skip rows stored with finer timestamps.
 */
export type UsageCursor = { createdAt: string; generationId: string };

export type UsageGroupBy = 'model' | 'provider';
/** `member`: who made the call, the creator of its API key or the subject of a keyless call (playground user, OIDC workload). */
export type TopUsageBy = 'model' | 'provider' | 'key' | 'user' | 'member' | 'tag';

/** Failures before any provider was chosen have no provider; they are grouped under this label. */
export const NO_PROVIDER = '(none)';

const microsecondText = (column: SQL | typeof usageLogs.createdAt) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The WHERE conditions of a console filter; the usage export reads with the same ones. */
export function filterConditions(teamId: string, filter: UsageFilter): SQL[] {
  const conditions = [eq(usageLogs.teamId, teamId), gte(usageLogs.createdAt, filter.from), lt(usageLogs.createdAt, filter.to)];
  if (filter.model) conditions.push(textMatch(usageLogs.requestedModel, filter.model));
  if (filter.provider) conditions.push(textMatch(usageLogs.provider, filter.provider));
  if (filter.apiKeyId) conditions.push(eq(usageLogs.apiKeyId, filter.apiKeyId));
  if (filter.endUser) conditions.push(textMatch(usageLogs.endUser, filter.endUser));
  // The cardinality test lets the planner use the partial GIN index on tags (for an exact tag).
  if (filter.tag) conditions.push(tagMatch(usageLogs.tags, filter.tag), sql`cardinality(${usageLogs.tags}) > 0`);
  if (filter.app) conditions.push(or(textMatch(usageLogs.appTitle, filter.app), textMatch(usageLogs.appReferer, filter.app))!);
  if (filter.status) conditions.push(eq(usageLogs.status, filter.status));
  return conditions;
}

/**
 * The filter on the columns of mainSource (no table prefix). End user and tag are only
 * present in raw rows: `readPlan` reads raw rows alone when either is set.
 */
function sourceConditions(filter: UsageFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.model) conditions.push(textMatch(sql`requested_model`, filter.model));
  if (filter.provider) conditions.push(textMatch(sql`provider`, filter.provider));
  if (filter.apiKeyId) conditions.push(sql`api_key_id = ${filter.apiKeyId}`);
  if (filter.endUser) conditions.push(textMatch(sql`end_user`, filter.endUser));
  if (filter.tag) conditions.push(tagMatch(sql`tags`, filter.tag));
  if (filter.app) conditions.push(sql`(${textMatch(sql`app_title`, filter.app)} or ${textMatch(sql`app_referer`, filter.app)})`);
  if (filter.status) conditions.push(sql`status = ${filter.status}`);
  return conditions;
}

/** sourceConditions for callers outside this file (trends, totals). */
export const usageSourceConditions = sourceConditions;
export const usageReadPlan = (filter: UsageFilter, use: { hours: boolean; days: boolean }) => readPlan(filter, use);

/**
 * Rollups serve every filter but end user, tag and app; with any of them, the range is read from raw rows
 * (on the (team, end_user) or tags index, bounded by the range).
 */
function readPlan(filter: UsageFilter, use: { hours: boolean; days: boolean }): SpanPlan {
  return filter.endUser || filter.tag || filter.app ? rawOnly(filter.from, filter.to) : planSpans(filter.from, filter.to, use);
}

/** The columns of a usage-log row the list shows (joined with its key's name); the detail view adds the rest. */
const usageRowColumns = {
  generationId: usageLogs.generationId,
  createdAt: usageLogs.createdAt,
  requestedModel: usageLogs.requestedModel,
  servedModel: usageLogs.servedModel,
  provider: usageLogs.provider,
  credentialType: usageLogs.credentialType,
  protocol: usageLogs.protocol,
  streamed: usageLogs.streamed,
  apiKeyId: usageLogs.apiKeyId,
  keyName: apiKeys.name,
  keyPrefix: apiKeys.prefix,
  endUser: usageLogs.endUser,
  tags: usageLogs.tags,
  status: usageLogs.status,
  httpStatus: usageLogs.httpStatus,
  errorCode: usageLogs.errorCode,
  inputTokens: usageLogs.inputTokens,
  outputTokens: usageLogs.outputTokens,
  cachedInputTokens: usageLogs.cachedInputTokens,
  cacheWriteTokens: usageLogs.cacheWriteTokens,
  usageEstimated: usageLogs.usageEstimated,
  costMicros: usageLogs.costMicros,
  billedMicros: usageLogs.billedMicros,
  ttftMs: usageLogs.ttftMs,
  latencyMs: usageLogs.latencyMs,
};

/**
 * One page of a team's generations, newest first. Keyset pagination on
 * (created_at, generation_id): a deep page costs what the first one does, and rows that
 * arrive while paging never shift the next page. The key's name and prefix are joined in;
 * its hash never is.
 */
export async function listUsage(db: DbOrTx, teamId: string, options: UsageFilter & { cursor?: UsageCursor; limit: number }) {
  const conditions = filterConditions(teamId, options);
  if (options.cursor) {
    conditions.push(
      sql`(${usageLogs.createdAt}, ${usageLogs.generationId}) < (${options.cursor.createdAt}::timestamptz, ${options.cursor.generationId})`,
    );
  }
  const floor = await pageFloor(db, teamId, options);
  if (floor) conditions.push(gte(usageLogs.createdAt, floor));
  const rows = await db
    .select({ ...usageRowColumns, cursorAt: microsecondText(usageLogs.createdAt) })
    .from(usageLogs)
    .leftJoin(apiKeys, and(eq(apiKeys.id, usageLogs.apiKeyId), eq(apiKeys.teamId, usageLogs.teamId)))
    .where(and(...conditions))
    .orderBy(desc(usageLogs.createdAt), desc(usageLogs.generationId))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit).map(({ cursorAt: _cursorAt, ...row }) => row);
  const last = rows.length > options.limit ? rows[options.limit - 1] : undefined;
  const nextCursor: UsageCursor | null = last ? { createdAt: last.cursorAt, generationId: last.generationId } : null;
  return { rows: page, nextCursor };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * A lower bound on created_at for a page filtered by model, key or tag, so the raw query walks
 * only the hours (or days) that hold the page instead of the whole range: the start of the newest
 * whole rollup period, inside the range and before the cursor, from which on the rollups count
 * at least `limit + 1` matching rows (hourly rollups for model, provider and status filters,
 * daily ones when a key is filtered, daily tag rollups for a tag alone). Every filter is applied
 * to the count, so the window holds at least a page and no row of the page is older than the
 * bound. Undefined (no bound) when no such period exists, without a model, key or tag filter,
 * with an end-user or app filter, or a tag with other filters. Rows pruned by retention are the oldest, never inside the window.
 */
async function pageFloor(db: DbOrTx, teamId: string, options: UsageFilter & { cursor?: UsageCursor; limit: number }): Promise<Date | undefined> {
  const mainFilter = Boolean(options.model || options.provider || options.apiKeyId || options.status);
  // End users have their own index; a tag with other filters has no rollup that counts both.
  if (options.endUser || options.app || (options.tag && mainFilter) || (!options.tag && !options.model && !options.apiKeyId)) return undefined;
  // A row with two tags that match one pattern counts twice in the tag rollup: no lower bound from there.
  if (options.tag && isPattern(options.tag)) return undefined;
  const upper = Math.min(options.to.getTime(), options.cursor ? Date.parse(options.cursor.createdAt) : Infinity);
  if (!Number.isFinite(upper)) return undefined;
  const daily = Boolean(options.apiKeyId || options.tag);
  const grain = daily ? DAY_MS : HOUR_MS;
  const first = Math.ceil(options.from.getTime() / grain) * grain;
  const last = Math.floor(upper / grain) * grain - grain;
  if (last < first) return undefined;
  const filters: SQL[] = [];
  if (options.tag) filters.push(sql`dimension = 'tag' and ${textMatch(sql`value`, options.tag)}`);
  if (options.model) filters.push(textMatch(sql`requested_model`, options.model));
  if (options.provider) filters.push(textMatch(sql`provider`, options.provider));
  if (options.apiKeyId) filters.push(sql`api_key_id = ${options.apiKeyId}`);
  if (options.status) filters.push(sql`status = ${options.status}`);
  const table = options.tag ? 'usage_dimension_rollups' : options.apiKeyId ? 'usage_rollups' : 'usage_hourly_rollups';
  const rows = await db.execute<{ start: string }>(sql`
    select to_char(period_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as start from (
      select period_start, sum(sum(requests)) over (order by period_start desc) as running
      from ${sql.raw(table)}
      where team_id = ${teamId} and period_start >= ${new Date(first).toISOString()}::timestamptz
        and period_start <= ${new Date(last).toISOString()}::timestamptz and ${sql.join(filters, sql` and `)}
      group by period_start
    ) as periods
    where running >= ${options.limit + 1}
    order by period_start desc limit 1`);
  return rows[0] ? new Date(rows[0].start) : undefined;
}

/** Whether the team has ever made a call, to tell an empty range from a first visit. */
export async function hasUsage(db: DbOrTx, teamId: string): Promise<boolean> {
  // Rollups too: raw rows may have been pruned (GATEHOUSE_USAGE_RETENTION_DAYS).
  const rows = await db.execute(sql`
    select 1 from usage_logs where team_id = ${teamId}
    union all (select 1 from usage_rollups where team_id = ${teamId} limit 1)
    limit 1`);
  return rows.length > 0;
}

export type TimeseriesRow = {
  /** Local start of the bucket in `timeZone`, `YYYY-MM-DDTHH:MM`. */
  bucket: string;
  /** null for a bucket without usage. */
  group: string | null;
  /** The sum of every group outside the top N. */
  isOther: boolean;
  requests: number;
  costMicros: number;
  billedMicros: number;
  inputTokens: number;
  outputTokens: number;
};

/**
 * Per-bucket sums for the top `groups` groups by cost (then requests), everything else
 * folded into one "other" row per bucket. Every bucket of the range is present, empty ones
 * as a single row with a null group, so charts need no gap filling. Buckets are calendar
 * hours or days in `timeZone`.
 */
export async function usageTimeseries(
  db: DbOrTx,
  teamId: string,
  options: UsageFilter & { bucket: 'hour' | 'day'; groupBy: UsageGroupBy; groups: number; timeZone: string },
): Promise<TimeseriesRow[]> {
  const unit = sql.raw(options.bucket === 'hour' ? `'hour'` : `'day'`);
  const step = sql.raw(options.bucket === 'hour' ? `interval '1 hour'` : `interval '1 day'`);
  const group = options.groupBy === 'model' ? sql`requested_model` : sql`coalesce(provider, ${NO_PROVIDER})`;
  const { timeZone } = options;
  const plan = readPlan(options, zoneUse(timeZone, options.from, options.to, options.bucket));
  const rows = await db.execute<Record<string, unknown>>(sql`
    with per_group as (
      select date_trunc(${unit}, source.at at time zone ${timeZone}) as bucket,
             ${group} as grp,
             sum(requests) as requests,
             sum(cost_micros) as cost,
             sum(billed_micros) as billed,
             sum(input_tokens) as input,
             sum(output_tokens) as output
      from ${mainSource(teamId, plan, sourceConditions(options), { hourly: !options.apiKeyId })} as source
      group by 1, 2
    ),
    top_groups as (
      select grp from per_group group by grp
      order by sum(cost) desc, sum(requests) desc, grp limit ${options.groups}
    ),
    folded as (
      select per_group.bucket, top_groups.grp, top_groups.grp is null as is_other,
             sum(requests) as requests, sum(cost) as cost, sum(billed) as billed, sum(input) as input, sum(output) as output
      from per_group left join top_groups on top_groups.grp = per_group.grp
      group by 1, 2, 3
    ),
    buckets as (
      select generate_series(
        date_trunc(${unit}, ${options.from.toISOString()}::timestamptz at time zone ${timeZone}),
        ${options.to.toISOString()}::timestamptz at time zone ${timeZone} - interval '1 microsecond',
        ${step}
      ) as bucket
    )
    select to_char(buckets.bucket, 'YYYY-MM-DD"T"HH24:MI') as bucket, folded.grp as "group", coalesce(folded.is_other, false) as is_other,
           coalesce(folded.requests, 0)::text as requests, coalesce(folded.cost, 0)::text as cost, coalesce(folded.billed, 0)::text as billed,
           coalesce(folded.input, 0)::text as input, coalesce(folded.output, 0)::text as output
    from buckets left join folded on folded.bucket = buckets.bucket
    order by buckets.bucket, folded.is_other, folded.cost desc nulls last, folded.grp
  `);
  return rows.map((row) => ({
    bucket: String(row.bucket),
    group: row.group == null ? null : String(row.group),
    isOther: row.is_other === true,
    requests: Number(row.requests),
    costMicros: Number(row.cost),
    billedMicros: Number(row.billed),
    inputTokens: Number(row.input),
    outputTokens: Number(row.output),
  }));
}

/**
 * The biggest models, providers, keys or end users of a range by cost, then requests.
 * Keys carry their name and prefix; calls without a key (OIDC) form one row with a null
 * value; calls without an end user are left out of the user ranking.
 */
export async function topUsage(db: DbOrTx, teamId: string, options: UsageFilter & { by: TopUsageBy; limit: number }): Promise<RankedUsage[]> {
  const ranked = sql`
    select value, sum(requests) as requests, sum(cost_micros) as cost, sum(billed_micros) as billed,
           sum(input_tokens) as input, sum(output_tokens) as output,
           sum(cached_input_tokens) as cached, sum(cache_write_tokens) as cache_write
    from ${topSource(teamId, options)} as source
    group by 1
    order by 3 desc, 2 desc, 1
    limit ${options.limit}`;
  const rows = (await db.execute<Record<string, unknown>>(ranked)).map((row) => ({
    value: row.value == null ? null : String(row.value),
    requests: Number(row.requests),
    costMicros: Number(row.cost),
    billedMicros: Number(row.billed),
    inputTokens: Number(row.input),
    outputTokens: Number(row.output),
    cachedInputTokens: Number(row.cached),
    cacheWriteTokens: Number(row.cache_write),
  }));
  const labels = await topLabels(db, teamId, options.by, rows.flatMap((row) => (row.value ? [row.value] : [])));
  const named = rows.map((row): RankedUsage => {
    const label = row.value ? labels.get(row.value) : undefined;
    return { ...row, keyName: label?.keyName ?? null, keyPrefix: label?.keyPrefix ?? null, label: label?.label ?? null, detail: label?.detail ?? null, playgroundUser: null };
  });
  const keyless = named.find((row) => row.value === null);
  if (options.by !== 'key' || !keyless) return named;
  return splitPlayground(db, teamId, options, named, keyless);
}

type TopLabel = { keyName?: string; keyPrefix?: string; label?: string; detail?: string };

/**
 * Names for ranked values: keys get their name and prefix; members (`user:<id>` for a key's
 * creator or a playground user, `key:<id>` for a key whose creator is gone, anything else an
 * OIDC subject) the user's name and email or the key's name. Only the team's keys are looked up.
 */
async function topLabels(db: DbOrTx, teamId: string, by: TopUsageBy, values: string[]): Promise<Map<string, TopLabel>> {
  const labels = new Map<string, TopLabel>();
  if (by !== 'key' && by !== 'member') return labels;
  const keyIds = by === 'key' ? values : values.flatMap((value) => (value.startsWith('key:') ? [value.slice(4)] : []));
  const userIds = by === 'member' ? values.flatMap((value) => (value.startsWith('user:') ? [value.slice(5)] : [])) : [];
  const [keys, people] = await Promise.all([
    keyIds.length === 0
      ? []
      : db.select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix }).from(apiKeys).where(and(eq(apiKeys.teamId, teamId), inArray(apiKeys.id, keyIds))),
    userIds.length === 0 ? [] : db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, userIds)),
  ]);
  for (const key of keys) {
    if (by === 'key') labels.set(key.id, { keyName: key.name, keyPrefix: key.prefix });
    else labels.set(`key:${key.id}`, { label: `Key ${key.name}`, detail: 'no creator on record' });
  }
  for (const person of people) labels.set(`user:${person.id}`, { label: person.name || person.email, detail: person.name ? person.email : undefined });
  if (by === 'member') {
    for (const value of values) if (!labels.has(value) && !value.startsWith('user:') && !value.startsWith('key:')) labels.set(value, { label: value, detail: 'OIDC subject' });
  }
  return labels;
}

export type PlaygroundUser = { id: string; name: string | null; email: string | null };
/** One ranked row; for `by: 'key'` with its key's name and prefix, or the playground user of keyless calls. */
export type RankedUsage = {
  value: string | null;
  requests: number;
  costMicros: number;
  billedMicros: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  keyName: string | null;
  keyPrefix: string | null;
  /** For members (a person's name or email, a key's name, an OIDC subject); null elsewhere. */
  label: string | null;
  detail: string | null;
  playgroundUser: PlaygroundUser | null;
};
type RankedKey = RankedUsage;

/**
 * Keyless calls are the console playground's (per person) and OIDC's: the keyless row is split
 * into one row per playground user and what is left for OIDC, then ranked again. Playground
 * users come from the 'playground' dimension rollup when nothing else filters, else from raw rows.
 */
async function splitPlayground(db: DbOrTx, teamId: string, options: UsageFilter & { limit: number }, ranked: RankedKey[], keyless: RankedKey): Promise<RankedKey[]> {
  const onlyRange = !options.model && !options.provider && !options.apiKeyId && !options.endUser && !options.tag && !options.status && !options.app;
  const source = onlyRange
    ? dimensionSource(teamId, 'playground', planSpans(options.from, options.to, { hours: true, days: true }))
    : sql`(select substr(subject, 6) as value, ${sql.raw(SUMS)} from ${mainSourceWithSubject(teamId, options)} as raw where api_key_id is null and subject like 'user:%')`;
  const perUser = (
    await db.execute<Record<string, unknown>>(sql`
      select value, sum(requests) as requests, sum(cost_micros) as cost, sum(billed_micros) as billed, sum(input_tokens) as input, sum(output_tokens) as output,
             sum(cached_input_tokens) as cached, sum(cache_write_tokens) as cache_write
      from ${source} as source group by 1 order by 3 desc, 2 desc, 1 limit ${options.limit}`)
  ).map((row) => ({
    id: String(row.value),
    requests: Number(row.requests),
    costMicros: Number(row.cost),
    billedMicros: Number(row.billed),
    inputTokens: Number(row.input),
    outputTokens: Number(row.output),
    cachedInputTokens: Number(row.cached),
    cacheWriteTokens: Number(row.cache_write),
  }));
  if (perUser.length === 0) return ranked;
  const people = new Map(
    (await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, perUser.map((row) => row.id)))).map((user) => [user.id, user]),
  );
  const playground = perUser.map((row) => ({
    value: null,
    requests: row.requests,
    costMicros: row.costMicros,
    billedMicros: row.billedMicros,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    cachedInputTokens: row.cachedInputTokens,
    cacheWriteTokens: row.cacheWriteTokens,
    keyName: null,
    keyPrefix: null,
    label: null,
    detail: null,
    playgroundUser: { id: row.id, name: people.get(row.id)?.name ?? null, email: people.get(row.id)?.email ?? null },
  }));
  const sum = (field: 'requests' | 'costMicros' | 'billedMicros' | 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'cacheWriteTokens') => playground.reduce((total, row) => total + row[field], 0);
  const oidc = {
    ...keyless,
    requests: keyless.requests - sum('requests'),
    costMicros: keyless.costMicros - sum('costMicros'),
    billedMicros: keyless.billedMicros - sum('billedMicros'),
    inputTokens: keyless.inputTokens - sum('inputTokens'),
    outputTokens: keyless.outputTokens - sum('outputTokens'),
    cachedInputTokens: keyless.cachedInputTokens - sum('cachedInputTokens'),
    cacheWriteTokens: keyless.cacheWriteTokens - sum('cacheWriteTokens'),
  };
  return [...ranked.filter((row) => row !== keyless), ...playground, ...(oidc.requests > 0 ? [oidc] : [])]
    .sort((a, b) => b.costMicros - a.costMicros || b.requests - a.requests)
    .slice(0, options.limit);
}

/** Raw rows of the range under the console filter, with the subject (rollups do not carry it). */
function mainSourceWithSubject(teamId: string, filter: UsageFilter): SQL {
  return sql`(select api_key_id, subject, 1::bigint as requests, cost_micros, billed_micros, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens from usage_logs where ${and(...filterConditions(teamId, filter))})`;
}

/**
 * The rows topUsage ranks, with the ranked dimension as `value`. End users come from the user
 * rollup when no other filter is set; otherwise (and for any end-user or tag filter) from raw rows.
 */
function topSource(teamId: string, options: UsageFilter & { by: TopUsageBy }): SQL {
  if (options.by === 'tag') return tagSource(teamId, options);
  if (options.by === 'member') return memberSource(teamId, options);
  if (options.by === 'user') {
    const onlyUser = !options.model && !options.provider && !options.apiKeyId && !options.tag && !options.status && !options.app;
    if (onlyUser && !(options.endUser && isPattern(options.endUser))) {
      const plan = planSpans(options.from, options.to, { hours: true, days: true });
      return sql`(select value, ${sql.raw(SUMS)} from ${dimensionSource(teamId, 'user', plan, options.endUser ? [options.endUser] : undefined)} as users)`;
    }
    const source = mainSource(teamId, rawOnly(options.from, options.to), [...sourceConditions(options), sql`end_user is not null`]);
    return sql`(select end_user as value, ${sql.raw(SUMS)} from ${source} as raw)`;
  }
  const column = { model: 'requested_model', provider: 'provider', key: 'api_key_id' }[options.by];
  const source = mainSource(teamId, readPlan(options, { hours: true, days: true }), sourceConditions(options), { hourly: options.by !== 'key' && !options.apiKeyId });
  return sql`(select ${sql.identifier(column)} as value, ${sql.raw(SUMS)} from ${source} as main)`;
}

const SUMS = 'requests, cost_micros, billed_micros, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens';

/** Whether only the range (and, for `by`'s own dimension, an exact value) filters: then dimension rollups serve. */
const onlyRange = (options: UsageFilter, except?: 'tag') =>
  !options.model && !options.provider && !options.apiKeyId && !options.endUser && !options.status && !options.app && (except === 'tag' ? !options.tag || !isPattern(options.tag) : !options.tag);

/** Tags from the tag rollup when nothing else filters; else one raw row per tag of each matching row. */
function tagSource(teamId: string, options: UsageFilter): SQL {
  if (onlyRange(options, 'tag')) {
    const plan = planSpans(options.from, options.to, { hours: true, days: true });
    return sql`(select value, ${sql.raw(SUMS)} from ${dimensionSource(teamId, 'tag', plan, options.tag ? [options.tag] : undefined)} as tags)`;
  }
  const source = mainSource(teamId, rawOnly(options.from, options.to), [...sourceConditions(options), sql`cardinality(tags) > 0`]);
  const own = options.tag && !isPattern(options.tag) ? sql` where value = ${options.tag}` : options.tag ? sql` where ${textMatch(sql`value`, options.tag)}` : sql``;
  return sql`(select value, ${sql.raw(SUMS)} from ${source} as raw cross join lateral unnest(raw.tags) as t(value)${own})`;
}

/**
 * Members: calls with a key count for its creator (`user:<id>`, or `key:<id>` once the creator is
 * gone), from the daily rollups by key; keyless calls for their subject (the playground's
 * `user:<id>` joins its member; an OIDC workload's `sub` stands alone), from the subject rollup when
 * nothing but the range filters, else from raw rows.
 */
function memberSource(teamId: string, options: UsageFilter): SQL {
  const plan = readPlan(options, { hours: true, days: true });
  const keyed = mainSource(teamId, plan, [...sourceConditions(options), sql`api_key_id is not null`], { hourly: false });
  // Summed per key first: the join then sees one row per key, not one per rollup group.
  const byKey = sql`select coalesce('user:' || k.created_by, 'key:' || keyed.api_key_id) as value, keyed.requests, keyed.cost_micros, keyed.billed_micros, keyed.input_tokens, keyed.output_tokens,
           keyed.cached_input_tokens, keyed.cache_write_tokens
    from (select api_key_id, sum(requests) as requests, sum(cost_micros) as cost_micros, sum(billed_micros) as billed_micros, sum(input_tokens) as input_tokens,
            sum(output_tokens) as output_tokens, sum(cached_input_tokens) as cached_input_tokens, sum(cache_write_tokens) as cache_write_tokens
          from ${keyed} as rows group by api_key_id) as keyed
    left join api_keys k on k.id = keyed.api_key_id and k.team_id = ${teamId}`;
  if (options.apiKeyId) return sql`(${byKey})`;
  const keyless = onlyRange(options)
    ? sql`select value, ${sql.raw(SUMS)} from ${dimensionSource(teamId, 'subject', planSpans(options.from, options.to, { hours: true, days: true }))} as subjects`
    : sql`select subject as value, 1::bigint as requests, cost_micros, billed_micros, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens from usage_logs
        where team_id = ${teamId} and created_at >= ${options.from.toISOString()}::timestamptz and created_at < ${options.to.toISOString()}::timestamptz
          and api_key_id is null and subject is not null${sql.join(sourceConditions(options).map((condition) => sql` and ${condition}`))}`;
  return sql`(${byKey} union all ${keyless})`;
}

/** Everything stored about one generation of the team, with its key's name and the team's ZDR setting. */
export async function getGenerationDetail(db: DbOrTx, teamId: string, generationId: string) {
  const [row] = await db
    .select({
      ...usageRowColumns,
      keyRevokedAt: apiKeys.revokedAt,
      subject: usageLogs.subject,
      quotaEntityId: usageLogs.quotaEntityId,
      appTitle: usageLogs.appTitle,
      appReferer: usageLogs.appReferer,
      o11y: usageLogs.o11y,
      errorMessage: usageLogs.errorMessage,
      finishReason: usageLogs.finishReason,
      reasoningTokens: usageLogs.reasoningTokens,
      attempts: usageLogs.attempts,
      zeroDataRetention: teamSettings.zeroDataRetention,
    })
    .from(usageLogs)
    .leftJoin(apiKeys, and(eq(apiKeys.id, usageLogs.apiKeyId), eq(apiKeys.teamId, usageLogs.teamId)))
    .leftJoin(teamSettings, eq(teamSettings.teamId, usageLogs.teamId))
    .where(and(eq(usageLogs.teamId, teamId), eq(usageLogs.generationId, generationId)))
    .limit(1);
  return row ? { ...row, zeroDataRetention: row.zeroDataRetention ?? false } : undefined;
}

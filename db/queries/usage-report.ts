import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { usageLogs } from '../schema';

export type UsageReportGroup = 'day' | 'hour' | 'user' | 'model' | 'tag' | 'provider' | 'credential_type' | 'api_key';

export type UsageReportFilter = {
  teamId: string;
  from: Date;
  /** Exclusive. */
  to: Date;
  groupBy: UsageReportGroup;
  endUser?: string;
  /** The model that served the request (the requested one when none did). */
  model?: string;
  provider?: string;
  credentialType?: 'byok' | 'system';
  apiKeyId?: string;
  /** Requests carrying any of these tags. */
  tags?: string[];
};

export type UsageReportRow = {
  /** The group's value; null for requests without one (no end user, no provider). */
  key: string | null;
  requests: number;
  costMicros: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
};

const servedModel = sql`coalesce(${usageLogs.servedModel}, ${usageLogs.requestedModel})`;

const groupKeys: Record<UsageReportGroup, SQL> = {
  day: sql`to_char(${usageLogs.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`,
  hour: sql`to_char(date_trunc('hour', ${usageLogs.createdAt} at time zone 'UTC'), 'YYYY-MM-DD"T"HH24":00:00Z"')`,
  user: sql`${usageLogs.endUser}`,
  model: servedModel,
  tag: sql`report_tag`,
  provider: sql`${usageLogs.provider}`,
  credential_type: sql`${usageLogs.credentialType}`,
  api_key: sql`${usageLogs.apiKeyId}`,
};

const textArray = (values: string[]) => sql`array[${sql.join(values.map((value) => sql`${value}`), sql`, `)}]::text[]`;

/**
 * A team's usage summed per day, hour, end user, model, tag, provider or credential type
 * (`GET /v1/report`). Grouping by tag counts a request once under each of its tags (only
 * the filtered ones when tags are filtered); untagged requests have no tag row.
 */
export async function usageReport(db: DbOrTx, filter: UsageReportFilter): Promise<UsageReportRow[]> {
  const conditions: SQL[] = [eq(usageLogs.teamId, filter.teamId), gte(usageLogs.createdAt, filter.from), lt(usageLogs.createdAt, filter.to)];
  if (filter.endUser !== undefined) conditions.push(eq(usageLogs.endUser, filter.endUser));
  if (filter.model !== undefined) conditions.push(sql`${servedModel} = ${filter.model}`);
  if (filter.provider !== undefined) conditions.push(eq(usageLogs.provider, filter.provider));
  if (filter.credentialType !== undefined) conditions.push(eq(usageLogs.credentialType, filter.credentialType));
  if (filter.apiKeyId !== undefined) conditions.push(eq(usageLogs.apiKeyId, filter.apiKeyId));
  if (filter.tags?.length) conditions.push(sql`${usageLogs.tags} && ${textArray(filter.tags)}`);
  const byTag = filter.groupBy === 'tag';
  if (byTag && filter.tags?.length) conditions.push(sql`report_tag = any(${textArray(filter.tags)})`);
  const chronological = filter.groupBy === 'day' || filter.groupBy === 'hour';
  const rows = await db.execute<Record<string, unknown>>(sql`
    select ${groupKeys[filter.groupBy]} as key,
           count(*)::text as requests,
           coalesce(sum(${usageLogs.costMicros}), 0)::text as cost,
           coalesce(sum(${usageLogs.inputTokens}), 0)::text as input,
           coalesce(sum(${usageLogs.outputTokens}), 0)::text as output,
           coalesce(sum(${usageLogs.cachedInputTokens}), 0)::text as cached,
           coalesce(sum(${usageLogs.cacheWriteTokens}), 0)::text as cache_write,
           coalesce(sum(${usageLogs.reasoningTokens}), 0)::text as reasoning
    from ${usageLogs}${byTag ? sql` cross join lateral unnest(${usageLogs.tags}) as report_tags(report_tag)` : sql``}
    where ${and(...conditions)}
    group by 1
    order by ${chronological ? sql`1` : sql`sum(${usageLogs.costMicros}) desc, count(*) desc, 1`}
  `);
  return rows.map((row) => ({
    key: row.key == null ? null : String(row.key),
    requests: Number(row.requests),
    costMicros: Number(row.cost),
    inputTokens: Number(row.input),
    outputTokens: Number(row.output),
    cachedInputTokens: Number(row.cached),
    cacheWriteTokens: Number(row.cache_write),
    reasoningTokens: Number(row.reasoning),
  }));
}

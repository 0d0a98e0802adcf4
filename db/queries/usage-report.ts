import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { dimensionSource, mainSource, planSpans, rawOnly } from './usage-source';

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

const servedModel = sql`coalesce(served_model, requested_model)`;

const timeKeys: Partial<Record<UsageReportGroup, SQL>> = {
  day: sql`to_char(at at time zone 'UTC', 'YYYY-MM-DD')`,
  hour: sql`to_char(date_trunc('hour', at at time zone 'UTC'), 'YYYY-MM-DD"T"HH24":00:00Z"')`,
};

const groupKeys: Record<UsageReportGroup, SQL> = {
  ...(timeKeys as Record<'day' | 'hour', SQL>),
  user: sql`end_user`,
  model: servedModel,
  tag: sql`report_tag`,
  provider: sql`provider`,
  credential_type: sql`credential_type`,
  api_key: sql`api_key_id`,
};

const textArray = (values: string[]) => sql`array[${sql.join(values.map((value) => sql`${value}`), sql`, `)}]::text[]`;

const sums = sql.raw(`sum(requests)::text as requests, coalesce(sum(cost_micros), 0)::text as cost,
  coalesce(sum(input_tokens), 0)::text as input, coalesce(sum(output_tokens), 0)::text as output,
  coalesce(sum(cached_input_tokens), 0)::text as cached, coalesce(sum(cache_write_tokens), 0)::text as cache_write,
  coalesce(sum(reasoning_tokens), 0)::text as reasoning`);

/**
 * Where the report reads from. Rollups serve every grouping and the model, provider and
 * credential-type filters; an end user alone (grouped by time or user) and tags alone (grouped by
 * tag) come from the end-user and tag rollups. Other combinations with an end user or tags read
 * raw rows over the range, bounded by the (team, end_user) and tags indexes.
 */
function reportQuery(filter: UsageReportFilter): SQL {
  const { teamId, from, to, groupBy } = filter;
  const hasUser = filter.endUser !== undefined;
  const hasTags = Boolean(filter.tags?.length);
  const hasMain = filter.model !== undefined || filter.provider !== undefined || filter.credentialType !== undefined || filter.apiKeyId !== undefined;
  const chronological = groupBy === 'day' || groupBy === 'hour';
  const order = chronological ? sql`1` : sql`sum(cost_micros) desc, sum(requests) desc, 1`;
  const plan = planSpans(from, to, { hours: true, days: groupBy !== 'hour' });
  if (!hasMain && !hasTags && (groupBy === 'user' ? true : chronological && hasUser)) {
    const users = dimensionSource(teamId, 'user', plan, hasUser ? [filter.endUser!] : undefined);
    if (chronological) return sql`select ${timeKeys[groupBy]} as key, ${sums} from ${users} as source group by 1 order by ${order}`;
    if (hasUser) return sql`select value as key, ${sums} from ${users} as source group by 1 order by ${order}`;
    // Requests without an end user: everything minus what the users account for.
    return sql`
      with users as (select value as key, sum(requests) as requests, sum(cost_micros) as cost_micros, sum(input_tokens) as input_tokens,
                       sum(output_tokens) as output_tokens, sum(cached_input_tokens) as cached_input_tokens,
                       sum(cache_write_tokens) as cache_write_tokens, sum(reasoning_tokens) as reasoning_tokens
                     from ${users} as source group by 1),
      everyone as (select coalesce(sum(requests), 0) as requests, coalesce(sum(cost_micros), 0) as cost_micros, coalesce(sum(input_tokens), 0) as input_tokens,
                     coalesce(sum(output_tokens), 0) as output_tokens, coalesce(sum(cached_input_tokens), 0) as cached_input_tokens,
                     coalesce(sum(cache_write_tokens), 0) as cache_write_tokens, coalesce(sum(reasoning_tokens), 0) as reasoning_tokens
                   from ${mainSource(teamId, plan, [])} as source),
      anonymous as (select null::text as key, e.requests - coalesce(sum(u.requests), 0) as requests, e.cost_micros - coalesce(sum(u.cost_micros), 0) as cost_micros,
                      e.input_tokens - coalesce(sum(u.input_tokens), 0) as input_tokens, e.output_tokens - coalesce(sum(u.output_tokens), 0) as output_tokens,
                      e.cached_input_tokens - coalesce(sum(u.cached_input_tokens), 0) as cached_input_tokens,
                      e.cache_write_tokens - coalesce(sum(u.cache_write_tokens), 0) as cache_write_tokens,
                      e.reasoning_tokens - coalesce(sum(u.reasoning_tokens), 0) as reasoning_tokens
                    from everyone e left join users u on true
                    group by e.requests, e.cost_micros, e.input_tokens, e.output_tokens, e.cached_input_tokens, e.cache_write_tokens, e.reasoning_tokens)
      select key, ${sums} from (select * from users union all select * from anonymous where requests > 0) as source group by 1 order by ${order}`;
  }
  if (!hasMain && !hasUser && groupBy === 'tag') {
    const tags = dimensionSource(teamId, 'tag', plan, filter.tags);
    return sql`select value as key, ${sums} from ${tags} as source group by 1 order by ${order}`;
  }
  const conditions: SQL[] = [];
  if (filter.model !== undefined) conditions.push(sql`${servedModel} = ${filter.model}`);
  if (filter.provider !== undefined) conditions.push(sql`provider = ${filter.provider}`);
  if (filter.credentialType !== undefined) conditions.push(sql`credential_type = ${filter.credentialType}`);
  if (filter.apiKeyId !== undefined) conditions.push(sql`api_key_id = ${filter.apiKeyId}`);
  const rawNeeded = hasUser || hasTags || groupBy === 'user' || groupBy === 'tag';
  if (hasUser) conditions.push(sql`end_user = ${filter.endUser!}`);
  if (hasTags) conditions.push(sql`tags && ${textArray(filter.tags!)}`);
  // Hourly rollups carry no served model, credential type or API key.
  const hourly =
    filter.model === undefined && filter.credentialType === undefined && filter.apiKeyId === undefined && groupBy !== 'model' && groupBy !== 'credential_type' && groupBy !== 'api_key';
  const source = mainSource(teamId, rawNeeded ? rawOnly(from, to) : plan, conditions, { hourly });
  if (groupBy !== 'tag') return sql`select ${groupKeys[groupBy]} as key, ${sums} from ${source} as source group by 1 order by ${order}`;
  const chosen = hasTags ? sql` where report_tag = any(${textArray(filter.tags!)})` : sql``;
  return sql`select report_tag as key, ${sums} from ${source} as source cross join lateral unnest(source.tags) as report_tags(report_tag)${chosen} group by 1 order by ${order}`;
}

/**
 * A team's usage summed per day, hour, end user, model, tag, provider or credential type
 * (`GET /v1/report`). Grouping by tag counts a request once under each of its tags (only
 * the filtered ones when tags are filtered); untagged requests have no tag row.
 */
export async function usageReport(db: DbOrTx, filter: UsageReportFilter): Promise<UsageReportRow[]> {
  const rows = await db.execute<Record<string, unknown>>(reportQuery(filter));
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

import { z } from 'zod';
import { usageReport, type UsageReportGroup } from '@/db/queries/usage-report';
import { authenticate } from '../../auth/authenticate';
import { microsToDollars } from '../../billing/pricing';
import type { GatewayDeps } from '../deps';
import { GatewayError } from '../errors';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'is not a calendar date');

const querySchema = z.object({
  start_date: isoDate,
  end_date: isoDate,
  group_by: z.enum(['day', 'user', 'model', 'tag', 'provider', 'credential_type', 'api_key']).default('day'),
  date_part: z.enum(['day', 'hour']).default('day'),
  user_id: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  provider: z.string().min(1).optional(),
  credential_type: z.enum(['byok', 'system']).optional(),
  api_key_id: z.string().min(1).max(200).optional(),
  tags: z.string().optional(),
});

const DAY_MS = 86_400_000;

// GET /v1/report?start_date=YYYY-MM-DD&end_date=YYYY-MM-DD[&group_by&date_part&user_id&model&provider&credential_type&api_key_id&tags=a,b]
export async function getSpendReport(deps: GatewayDeps, request: Request): Promise<Response> {
  const principal = await authenticate(deps, request.headers);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw GatewayError.fromZod(parsed.error);
  const query = parsed.data;
  const from = new Date(`${query.start_date}T00:00:00Z`);
  // end_date is inclusive.
  const to = new Date(Date.parse(`${query.end_date}T00:00:00Z`) + DAY_MS);
  if (to <= from) throw new GatewayError('invalid_request', "Invalid request: 'end_date' must not be before 'start_date'", { param: 'end_date' });
  const groupBy: UsageReportGroup = query.group_by === 'day' && query.date_part === 'hour' ? 'hour' : query.group_by;
  const tags = query.tags?.split(',').map((tag) => tag.trim()).filter(Boolean);
  await deps.meter.flush().catch(() => {});
  const rows = await usageReport(deps.db, {
    teamId: principal.teamId,
    from,
    to,
    groupBy,
    endUser: query.user_id,
    model: query.model,
    provider: query.provider,
    credentialType: query.credential_type,
    apiKeyId: query.api_key_id,
    tags: tags?.length ? tags : undefined,
  });
  return Response.json({
    results: rows.map((row) => ({
      ...(row.key === null ? {} : { [groupBy]: row.key }),
      total_cost: microsToDollars(row.costMicros),
      market_cost: microsToDollars(row.costMicros),
      input_tokens: row.inputTokens,
      output_tokens: row.outputTokens,
      cached_input_tokens: row.cachedInputTokens,
      cache_creation_input_tokens: row.cacheWriteTokens,
      reasoning_tokens: row.reasoningTokens,
      request_count: row.requests,
    })),
  });
}

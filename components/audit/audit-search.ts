import { auditQuerySchema } from '@/lib/services/audit/list-audit-log';

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The audit pages' filters from the address, and the message to show when they do not parse. */
export function readAuditSearch(query: SearchParams) {
  const raw = { actor: first(query.actor), action: first(query.action), from: first(query.from), to: first(query.to), cursor: first(query.cursor) };
  const parsed = auditQuerySchema.omit({ team: true }).safeParse(raw);
  const issue = parsed.success ? undefined : parsed.error.issues[0];
  return {
    filters: { actor: raw.actor, action: raw.action, from: raw.from, to: raw.to },
    input: parsed.success ? parsed.data : undefined,
    problem: issue ? `${issue.path.join('.')}: ${issue.message}` : undefined,
  };
}

import { parseArgs } from 'node:util';
import { parseDollars } from '../lib/money';

/** A CLI command is an admin API request: the CLI and the HTTP API share one implementation. */
export type AdminCall = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: Record<string, unknown>;
  /** The answer is a file streamed to `out` (standard output when absent), not JSON to print. */
  download?: { out?: string };
};

export const usage = `Usage: npm run gatehouse -- <command>

  teams list
  teams create <name> [--slug <slug>] [--plan <plan>] [--credits <dollars>]
  keys list <team>
  keys create <team> <name> [--expires <ISO date>] [--spend-limit <dollars>] [--period total|day|month]
              [--concurrency <n>] [--for <user-id>]   (--for: a key of that member, as if they made it)
  keys show <key-id>
  keys edit <key-id> [--name <name>] [--expires <ISO date>|never] [--rpm <n>|none] [--tpm <n>|none]
              [--concurrency <n>|none] [--spend-limit <dollars>|none] [--period total|day|month]
  keys rotate <key-id> [--grace now|1h|24h|7d]    (prints the new key once; the old one works until the grace ends)
  keys revoke <key-id>
  settings show <team>
  settings set <team> [--allow <slug,...>|all] [--deny <slug,...>] [--order <slug,...>] [--zdr true|false]
               [--no-training true|false] [--byok-fallback true|false] [--plan <plan>]
  members list <team>
  members add <team> <email> --role owner|admin|member|viewer [--name <name>]   (creates the account if needed)
  members role <team> <user-id> <role>
  members remove <team> <user-id>    (also revokes the keys they created in the team)
  invites list <team>
  invites create <team> --role owner|admin|member|viewer [--days <1-30>]   (prints the link's token once)
  invites revoke <team> <invite-id>
  users disable <user-id-or-email>   (ends their console sessions at once)
  users enable <user-id-or-email>
  keys limit <key-id> ...              (the same as keys edit)
  plans list
  plans set <id> --name <name> [--rpm <n>] [--tpm <n>] [--concurrency <n>] [--monthly-credits <dollars>] [--byok true|false] [--request-zdr true|false]
  teams plan <team> <plan>
  keys models <key-id> [--allow <model|provider/*> ...] [--deny <model|provider/*> ...]   (replaces both lists)
  budgets list <team>
  budgets set <team> member|key|user|tag <subject> <dollars> [--period day|week|month|total]
  budgets remove <team> <budget-id>
  quotas list <team>
  quotas set <team> <entity-id> [--spend-limit <dollars>] [--requests <n>] [--period day|month|total]
  quotas remove <team> <entity-id>
  credits grant <team> <dollars> [--note <text>]
  credentials list <team>
  credentials add <team> <provider> --api-key <key> [--label <text>] [--base-url <url>] [--zdr true]
  models add <creator/model> --provider <slug> --upstream-id <id> --input <$/MTok> --output <$/MTok>
  models price <creator/model> <provider> --input <$/MTok> --output <$/MTok> [--cache-read <$/MTok>] [--unit-price <$/M units> --unit image|character|second|search|request]
  providers list
  providers set <slug> [--zdr true|false] [--trains true|false] [--hq <country>] [--enabled true|false]
  oidc list <team>
  oidc trust <team> --issuer <url> --audience <aud> --claim <name>=<pattern> [--claim ...] [--label <text>]
  oidc enable <trust-id>
  oidc disable <trust-id>
  oidc remove <trust-id>
  usage dead-letters [--limit <n>]     usage rows the database refused (not debited)
  usage export <team> [--format csv|jsonl] [--range 24h|7d|30d] [--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>]
               [--model <id>] [--provider <slug>] [--key <key-id>] [--user <end-user>] [--tag <tag>]
               [--status success|error|aborted] [--limit <rows>] [--out <file>]
  webhooks list <team>
  webhooks add <team> <url> [--description <text>] [--events <kind,...>]   (prints the signing secret once)
  webhooks enable|disable <team> <webhook-id>
  webhooks remove <team> <webhook-id>
  webhooks test <team> <webhook-id>
  webhooks deliveries <team> <webhook-id> [--limit <n>]
  alerts list <team>
  alerts add <team> low_balance --below <dollars,...>
  alerts add <team> key_spend|entity_quota --thresholds <percent,...>
  alerts add <team> provider_error_rate --thresholds <percent,...> [--window-hours <n>] [--min-requests <n>]
  alerts set <team> <rule-id> [--thresholds <percent,...> | --below <dollars,...>] [--window-hours <n>] [--min-requests <n>]
  alerts enable|disable <team> <rule-id>
  alerts remove <team> <rule-id>
  alerts events <team> [--limit <n>] [--unacknowledged]
  alerts acknowledge <team>
  audit list [--team <team>] [--actor <actor>] [--action <action>] [--from <date>] [--to <date>] [--limit <n>] [--cursor <c>]

<team> is a team id or slug. Against a running embedded install the CLI goes through its
admin API; with GATEHOUSE_URL (and GATEHOUSE_ADMIN_TOKEN) it manages a remote Gatehouse.`;

const options = {
  slug: { type: 'string' },
  plan: { type: 'string' },
  credits: { type: 'string' },
  expires: { type: 'string' },
  'spend-limit': { type: 'string' },
  note: { type: 'string' },
  'api-key': { type: 'string' },
  label: { type: 'string' },
  'base-url': { type: 'string' },
  zdr: { type: 'string' },
  provider: { type: 'string' },
  'upstream-id': { type: 'string' },
  input: { type: 'string' },
  output: { type: 'string' },
  'cache-read': { type: 'string' },
  for: { type: 'string' },
  grace: { type: 'string' },
  role: { type: 'string' },
  days: { type: 'string' },
  order: { type: 'string' },
  'no-training': { type: 'string' },
  'byok-fallback': { type: 'string' },
  'unit-price': { type: 'string' },
  unit: { type: 'string' },
  trains: { type: 'string' },
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  concurrency: { type: 'string' },
  period: { type: 'string' },
  name: { type: 'string' },
  byok: { type: 'string' },
  'request-zdr': { type: 'string' },
  'monthly-credits': { type: 'string' },
  requests: { type: 'string' },
  hq: { type: 'string' },
  enabled: { type: 'string' },
  issuer: { type: 'string' },
  audience: { type: 'string' },
  claim: { type: 'string', multiple: true },
  limit: { type: 'string' },
  format: { type: 'string' },
  range: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  model: { type: 'string' },
  key: { type: 'string' },
  user: { type: 'string' },
  tag: { type: 'string' },
  status: { type: 'string' },
  out: { type: 'string' },
  team: { type: 'string' },
  actor: { type: 'string' },
  action: { type: 'string' },
  cursor: { type: 'string' },
  allow: { type: 'string', multiple: true },
  deny: { type: 'string', multiple: true },
  description: { type: 'string' },
  events: { type: 'string' },
  thresholds: { type: 'string' },
  below: { type: 'string' },
  'window-hours': { type: 'string' },
  'min-requests': { type: 'string' },
  unacknowledged: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export class UsageError extends Error {}

function int(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new UsageError(`Expected a whole number, got '${value}'.`);
  return parsed;
}

function bool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw new UsageError(`Expected true or false, got '${value}'.`);
  return value === 'true';
}

/** `--claim sub=repo:acme/*` (repeatable) → { sub: 'repo:acme/*' }; the pattern may itself contain `=`. */
function claims(values: string[] | undefined): Record<string, string> {
  const conditions: Record<string, string> = {};
  for (const value of values ?? []) {
    const at = value.indexOf('=');
    if (at <= 0) throw new UsageError(`Expected --claim <name>=<pattern>, got '${value}'.`);
    conditions[value.slice(0, at)] = value.slice(at + 1);
  }
  return conditions;
}

/** A query string of the given options that are set, in the order given. */
function query(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** `--rpm 60` → 60, `--rpm none` → null (lift the limit), absent → undefined (leave it). */
function intOrNone(value: string | undefined): number | null | undefined {
  return value === 'none' ? null : int(value);
}

/** `--allow openai,anthropic` → ['openai', 'anthropic']; `all` or an empty value → [] (no list). */
function slugs(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === 'all') return [];
  return value
    .split(',')
    .map((slug) => slug.trim())
    .filter(Boolean);
}

/** `50,80,100` → [50, 80, 100]. */
function numbers(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((item) => {
    const parsed = Number(item.trim());
    if (item.trim() === '' || !Number.isFinite(parsed)) throw new UsageError(`Expected numbers separated by commas, got '${value}'.`);
    return parsed;
  });
}

/** `--below 5,1` (dollars) → micro-dollar thresholds, which the API takes for low_balance rules. */
function dollarList(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((item) => {
    try {
      return parseDollars(item);
    } catch {
      throw new UsageError(`Expected dollar amounts separated by commas, got '${value}'.`);
    }
  });
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`Missing ${what}.`);
  return value;
}

export function parseCommand(argv: string[]): { call: AdminCall; json: boolean } {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  if (values.help || positionals.length === 0) throw new UsageError('');
  const [noun, verb, ...rest] = positionals;
  const team = () => encodeURIComponent(need(rest[0], '<team>'));
  const json = Boolean(values.json);
  const call = ((): AdminCall => {
    switch (`${noun} ${verb}`) {
      case 'teams list':
        return { method: 'GET', path: '/teams' };
      case 'teams create':
        return { method: 'POST', path: '/teams', body: { name: need(rest[0], '<name>'), slug: values.slug, plan: values.plan, initialCredits: values.credits } };
      case 'keys list':
        return { method: 'GET', path: `/teams/${team()}/keys` };
      case 'keys create':
        return {
          method: 'POST',
          path: `/teams/${team()}/keys`,
          body: {
            name: need(rest[1], '<name>'),
            expiresAt: values.expires,
            spendLimit: values['spend-limit'],
            spendLimitPeriod: values.period,
            maxConcurrentRequests: int(values.concurrency),
            createdBy: values.for,
          },
        };
      case 'keys show':
        return { method: 'GET', path: `/keys/${encodeURIComponent(need(rest[0], '<key-id>'))}` };
      case 'keys rotate':
        return { method: 'POST', path: `/keys/${encodeURIComponent(need(rest[0], '<key-id>'))}/rotate`, body: { grace: values.grace } };
      case 'settings show':
        return { method: 'GET', path: `/teams/${team()}/settings` };
      case 'settings set':
        return {
          method: 'PATCH',
          path: `/teams/${team()}/settings`,
          body: {
            providerAllowlist: slugs(values.allow?.join(",")),
            providerDenylist: slugs(values.deny?.join(",")),
            defaultProviderOrder: slugs(values.order),
            zeroDataRetention: bool(values.zdr),
            disallowPromptTraining: bool(values['no-training']),
            byokFallbackToSystem: bool(values['byok-fallback']),
            plan: values.plan,
          },
        };
      case 'members list':
        return { method: 'GET', path: `/teams/${team()}/members` };
      case 'members add':
        return { method: 'POST', path: `/teams/${team()}/members`, body: { email: need(rest[1], '<email>'), role: need(values.role, '--role'), name: values.name } };
      case 'members role':
        return { method: 'PATCH', path: `/teams/${team()}/members/${encodeURIComponent(need(rest[1], '<user-id>'))}`, body: { role: need(rest[2], '<role>') } };
      case 'invites list':
        return { method: 'GET', path: `/teams/${team()}/invites` };
      case 'invites create':
        return { method: 'POST', path: `/teams/${team()}/invites`, body: { role: need(values.role, '--role'), expiresInDays: int(values.days) } };
      case 'invites revoke':
        return { method: 'DELETE', path: `/teams/${team()}/invites/${encodeURIComponent(need(rest[1], '<invite-id>'))}` };
      case 'keys revoke':
        return { method: 'DELETE', path: `/keys/${encodeURIComponent(need(rest[0], '<key-id>'))}` };
      case 'credits grant':
        return { method: 'POST', path: `/teams/${team()}/credits`, body: { amount: need(rest[1], '<dollars>'), note: values.note } };
      case 'credentials list':
        return { method: 'GET', path: `/teams/${team()}/credentials` };
      case 'credentials add':
        return {
          method: 'POST',
          path: `/teams/${team()}/credentials`,
          body: { provider: need(rest[1], '<provider>'), apiKey: need(values['api-key'], '--api-key'), label: values.label, baseUrl: values['base-url'], zeroDataRetention: values.zdr === undefined ? undefined : values.zdr !== 'false' },
        };
      case 'models add':
        return {
          method: 'POST',
          path: '/models',
          body: {
            id: need(rest[0], '<creator/model>'),
            provider: need(values.provider, '--provider'),
            upstreamModelId: need(values['upstream-id'], '--upstream-id'),
            inputPrice: need(values.input, '--input'),
            outputPrice: need(values.output, '--output'),
          },
        };
      case 'models price':
        return {
          method: 'PUT',
          path: `/models/${need(rest[0], '<creator/model>')}/offerings/${encodeURIComponent(need(rest[1], '<provider>'))}`,
          body: {
            inputPrice: need(values.input, '--input'),
            outputPrice: need(values.output, '--output'),
            cacheReadPrice: values['cache-read'],
            unitPrice: values['unit-price'],
            priceUnit: values.unit,
          },
        };
      case 'keys edit':
      case 'keys limit':
        return {
          method: 'PATCH',
          path: `/keys/${encodeURIComponent(need(rest[0], '<key-id>'))}`,
          body: {
            name: values.name,
            expiresAt: values.expires === 'never' ? null : values.expires,
            requestsPerMinute: intOrNone(values.rpm),
            tokensPerMinute: intOrNone(values.tpm),
            maxConcurrentRequests: intOrNone(values.concurrency),
            spendLimit: values['spend-limit'] === 'none' ? null : values['spend-limit'],
            spendLimitPeriod: values.period,
          },
        };
      case 'members remove':
        return { method: 'DELETE', path: `/teams/${team()}/members/${encodeURIComponent(need(rest[1], '<user-id>'))}` };
      case 'users disable':
      case 'users enable':
        return { method: 'PATCH', path: `/users/${encodeURIComponent(need(rest[0], '<user-id-or-email>'))}`, body: { disabled: verb === 'disable' } };
      case 'plans list':
        return { method: 'GET', path: '/plans' };
      case 'plans set':
        return {
          method: 'PUT',
          path: `/plans/${encodeURIComponent(need(rest[0], '<id>'))}`,
          body: {
            name: need(values.name, '--name'),
            requestsPerMinute: int(values.rpm),
            tokensPerMinute: int(values.tpm),
            maxConcurrentRequests: int(values.concurrency),
            monthlyCredits: values['monthly-credits'],
            byokAllowed: bool(values.byok),
            requestZeroDataRetentionAllowed: bool(values['request-zdr']),
          },
        };
      case 'teams plan':
        return { method: 'PUT', path: `/teams/${team()}/plan`, body: { plan: need(rest[1], '<plan>') } };
      case 'keys models':
        return { method: 'PUT', path: `/keys/${encodeURIComponent(need(rest[0], '<key-id>'))}/models`, body: { allow: values.allow ?? null, deny: values.deny ?? [] } };
      case 'budgets list':
        return { method: 'GET', path: `/teams/${team()}/budgets` };
      case 'budgets set':
        return {
          method: 'POST',
          path: `/teams/${team()}/budgets`,
          body: { scope: need(rest[1], 'member|key|user|tag'), subject: need(rest[2], '<subject>'), limit: need(rest[3], '<dollars>'), period: values.period ?? 'month' },
        };
      case 'budgets remove':
        return { method: 'DELETE', path: `/teams/${team()}/budgets/${encodeURIComponent(need(rest[1], '<budget-id>'))}` };
      case 'quotas list':
        return { method: 'GET', path: `/teams/${team()}/quotas` };
      case 'quotas set':
        return {
          method: 'PUT',
          path: `/teams/${team()}/quotas/${encodeURIComponent(need(rest[1], '<entity-id>'))}`,
          body: { spendLimit: values['spend-limit'], requestLimit: int(values.requests), period: values.period },
        };
      case 'quotas remove':
        return { method: 'DELETE', path: `/teams/${team()}/quotas/${encodeURIComponent(need(rest[1], '<entity-id>'))}` };
      case 'providers list':
        return { method: 'GET', path: '/providers' };
      case 'providers set':
        return {
          method: 'PUT',
          path: `/providers/${encodeURIComponent(need(rest[0], '<slug>'))}`,
          body: { zeroDataRetention: values.zdr, trainsOnPrompts: values.trains, headquarters: values.hq, enabled: values.enabled },
        };
      case 'oidc list':
        return { method: 'GET', path: `/teams/${team()}/oidc-trusts` };
      case 'oidc trust':
        return {
          method: 'POST',
          path: `/teams/${team()}/oidc-trusts`,
          body: { issuer: need(values.issuer, '--issuer'), audience: need(values.audience, '--audience'), claimConditions: claims(values.claim), label: values.label },
        };
      case 'oidc enable':
      case 'oidc disable':
        return { method: 'PATCH', path: `/oidc-trusts/${encodeURIComponent(need(rest[0], '<trust-id>'))}`, body: { enabled: verb === 'enable' } };
      case 'oidc remove':
        return { method: 'DELETE', path: `/oidc-trusts/${encodeURIComponent(need(rest[0], '<trust-id>'))}` };
      case 'usage dead-letters':
        return { method: 'GET', path: `/usage/dead-letters${values.limit === undefined ? '' : `?limit=${int(values.limit)}`}` };
      case 'usage export': {
        const format = values.format ?? 'csv';
        if (format !== 'csv' && format !== 'jsonl') throw new UsageError(`Expected --format csv or jsonl, got '${format}'.`);
        const filters = { range: values.range, from: values.from, to: values.to, model: values.model, provider: values.provider, key: values.key, user: values.user, tag: values.tag, status: values.status };
        return { method: 'GET', path: `/teams/${team()}/usage${query({ format, ...filters, limit: values.limit === undefined ? undefined : String(int(values.limit)) })}`, download: { out: values.out } };
      }
      case 'webhooks list':
        return { method: 'GET', path: `/teams/${team()}/webhooks` };
      case 'webhooks add':
        return {
          method: 'POST',
          path: `/teams/${team()}/webhooks`,
          body: { url: need(rest[1], '<url>'), description: values.description, events: values.events?.split(',').map((kind) => kind.trim()).filter(Boolean) },
        };
      case 'webhooks enable':
      case 'webhooks disable':
        return { method: 'PATCH', path: `/teams/${team()}/webhooks/${encodeURIComponent(need(rest[1], '<webhook-id>'))}`, body: { enabled: verb === 'enable' } };
      case 'webhooks remove':
        return { method: 'DELETE', path: `/teams/${team()}/webhooks/${encodeURIComponent(need(rest[1], '<webhook-id>'))}` };
      case 'webhooks test':
        return { method: 'POST', path: `/teams/${team()}/webhooks/${encodeURIComponent(need(rest[1], '<webhook-id>'))}/test` };
      case 'webhooks deliveries':
        return {
          method: 'GET',
          path: `/teams/${team()}/webhooks/${encodeURIComponent(need(rest[1], '<webhook-id>'))}/deliveries${query({ limit: values.limit === undefined ? undefined : String(int(values.limit)) })}`,
        };
      case 'alerts list':
        return { method: 'GET', path: `/teams/${team()}/alerts` };
      case 'alerts add': {
        const kind = need(rest[1], '<kind>');
        const thresholds = kind === 'low_balance' ? dollarList(need(values.below, '--below')) : numbers(need(values.thresholds, '--thresholds'));
        return { method: 'POST', path: `/teams/${team()}/alerts`, body: { kind, thresholds, windowHours: int(values['window-hours']), minRequests: int(values['min-requests']) } };
      }
      case 'alerts set':
        return {
          method: 'PATCH',
          path: `/teams/${team()}/alerts/${encodeURIComponent(need(rest[1], '<rule-id>'))}`,
          body: { thresholds: values.below === undefined ? numbers(values.thresholds) : dollarList(values.below), windowHours: int(values['window-hours']), minRequests: int(values['min-requests']) },
        };
      case 'alerts enable':
      case 'alerts disable':
        return { method: 'PATCH', path: `/teams/${team()}/alerts/${encodeURIComponent(need(rest[1], '<rule-id>'))}`, body: { enabled: verb === 'enable' } };
      case 'alerts remove':
        return { method: 'DELETE', path: `/teams/${team()}/alerts/${encodeURIComponent(need(rest[1], '<rule-id>'))}` };
      case 'alerts events':
        return {
          method: 'GET',
          path: `/teams/${team()}/alert-events${query({ limit: values.limit === undefined ? undefined : String(int(values.limit)), unacknowledged: values.unacknowledged ? 'true' : undefined })}`,
        };
      case 'alerts acknowledge':
        return { method: 'POST', path: `/teams/${team()}/alert-events/acknowledge` };
      case 'audit list':
        return {
          method: 'GET',
          path: `/audit${query({ team: values.team, actor: values.actor, action: values.action, from: values.from, to: values.to, cursor: values.cursor, limit: values.limit === undefined ? undefined : String(int(values.limit)) })}`,
        };
      default:
        throw new UsageError(`Unknown command '${positionals.join(' ')}'.`);
    }
  })();
  return { call, json };
}

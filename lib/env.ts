import { z } from 'zod';
import { allowListSchema } from './net/address-policy';
import { checkTrustedProxies } from './auth/client-address';

/**
 * The environment, parsed once. This is the only file that reads process.env:
 * everything else receives an `Env` (tests build their own with `parseEnv`).
 */
const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  GATEHOUSE_DATA_DIR: z.string().min(1).default('.data'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  GATEHOUSE_PUBLIC_URL: z.string().url().optional(),
  /** For the CLI: manage a remote Gatehouse through its admin API. */
  GATEHOUSE_URL: z.string().url().optional(),
  GATEHOUSE_ADMIN_TOKEN: z
    .string()
    .min(24, 'GATEHOUSE_ADMIN_TOKEN must be at least 24 characters (use `openssl rand -hex 32`)')
    .optional(),
  GATEHOUSE_SECRET: z
    .string()
    .min(32, 'GATEHOUSE_SECRET must be at least 32 characters (use `openssl rand -hex 32`)')
    .optional(),
  REDIS_URL: z.string().url().optional(),
  /**
   * Proxies whose X-Forwarded-For is believed (IPs, CIDRs, or proxy-addr's `loopback`,
   * `linklocal`, `uniquelocal`), comma-separated. Empty: the socket's peer is the client.
   */
  GATEHOUSE_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
    .refine(
      (list) => {
        try {
          checkTrustedProxies(list);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'GATEHOUSE_TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges' },
    ),
  GATEHOUSE_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  GATEHOUSE_CACHE_TTL_MS: z.coerce.number().int().min(0).default(5_000),
  /**
   * Usage rows wait at most this long to be written (a batch of 200 goes at once). Each write is one
   * transaction of seven statements, about 4 ms of this process's CPU whatever its size, so at a few
   * calls a second a shorter interval costs milliseconds of CPU per call; the spool keeps the rows
   * meanwhile, and admission counts the pending debits.
   */
  GATEHOUSE_METER_FLUSH_MS: z.coerce.number().int().min(1).default(1_000),
  /** Usage rows waiting to be written beyond which new model calls get 503 until the log catches up. */
  GATEHOUSE_METER_MAX_BUFFERED: z.coerce.number().int().min(1).default(20_000),
  /**
   * Raw usage rows older than this many days are pruned (rollups, ledger and balances are kept).
   * Unset: raw rows are kept for ever.
   */
  GATEHOUSE_USAGE_RETENTION_DAYS: z.coerce
    .number({ message: 'GATEHOUSE_USAGE_RETENTION_DAYS must be a whole number of days' })
    .int('GATEHOUSE_USAGE_RETENTION_DAYS must be a whole number of days')
    .min(1, 'GATEHOUSE_USAGE_RETENTION_DAYS must be at least 1 (unset it to keep raw usage rows for ever)')
    .max(36_500, 'GATEHOUSE_USAGE_RETENTION_DAYS must be at most 36500')
    .optional(),
  /** Crash spool for usage rows (see lib/billing/usage-spool.ts): default `<GATEHOUSE_DATA_DIR>/spool`, `off` to disable. */
  GATEHOUSE_SPOOL_DIR: z.string().min(1).optional(),
  GATEHOUSE_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
  GATEHOUSE_FIRST_BYTE_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  GATEHOUSE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** How long a conversation stays with the provider and credential that last served it; 0 turns session affinity off. */
  GATEHOUSE_SESSION_AFFINITY_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(300_000),
  /** Extra tries at the same provider after a retriable failure, with jittered backoff, before moving on. */
  GATEHOUSE_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  /** No new attempt starts after this long; the client gets 504. */
  GATEHOUSE_REQUEST_DEADLINE_MS: z.coerce.number().int().min(1_000).default(300_000),
  /** Below this balance (micro-dollars) each request holds its estimated cost in the database first. */
  GATEHOUSE_STRICT_CREDIT_BELOW_MICROS: z.coerce.number().int().min(0).default(5_000_000),
  /** How long a hold counts if its request never settles it (the process died); longer than any request can run. */
  GATEHOUSE_HOLD_TTL_MS: z.coerce.number().int().min(60_000).default(900_000),
  /** In-flight model calls per team on this instance, for plans that set none; 0: no cap. */
  GATEHOUSE_TEAM_MAX_CONCURRENCY: z.coerce.number().int().min(0).default(500),
  /** Longest wait to open a PostgreSQL connection, and for one statement or one transaction, before a 503. */
  GATEHOUSE_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(3_000),
  GATEHOUSE_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  GATEHOUSE_DB_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /** Largest request body a model call accepts (images and long contexts); larger ones get 413 in the door's envelope. */
  GATEHOUSE_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(32 * 1024 * 1024),
  /** Largest body the admin API, the console and every other route accept. */
  GATEHOUSE_MAX_ADMIN_BODY_BYTES: z.coerce.number().int().min(1_024).default(1024 * 1024),
  /** A client must finish sending its request headers within this time, or the connection is closed (slowloris). */
  GATEHOUSE_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
  /** A client must finish sending its whole request (headers and body) within this time; responses are not limited. */
  GATEHOUSE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(300_000),
  /** On SIGTERM, how long in-flight calls and streams may run before they are cut (server/drain.ts). */
  GATEHOUSE_DRAIN_TIMEOUT_MS: z.coerce
    .number({ message: 'GATEHOUSE_DRAIN_TIMEOUT_MS must be a number of milliseconds' })
    .int()
    .min(0, 'GATEHOUSE_DRAIN_TIMEOUT_MS must be at least 0')
    .max(3_600_000, 'GATEHOUSE_DRAIN_TIMEOUT_MS must be at most 3600000 (one hour)')
    .default(120_000),
  /** Open connections allowed from one client address (0: no bound). Behind a proxy every client shares its address. */
  GATEHOUSE_MAX_CONNECTIONS_PER_CLIENT: z.coerce.number().int().min(0).default(0),
  /** Open connections allowed in all (0: no bound). */
  GATEHOUSE_MAX_CONNECTIONS: z.coerce.number().int().min(0).default(0),
  /** Plan given to teams created without one. */
  GATEHOUSE_DEFAULT_PLAN: z.string().min(1).default('pro'),
  /** Signs console sessions. Unset: derived from GATEHOUSE_SECRET, or generated into the data folder. */
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters (use `openssl rand -hex 32`)').optional(),
  /** GitHub sign-in for the console, enabled when both are set. */
  AUTH_GITHUB_ID: z.string().min(1).optional(),
  AUTH_GITHUB_SECRET: z.string().min(1).optional(),
  /** A generic OpenID Connect issuer (Okta, Auth0, Keycloak, Google, ...), enabled when all three are set. */
  AUTH_OIDC_ISSUER: z.string().url().optional(),
  AUTH_OIDC_ID: z.string().min(1).optional(),
  AUTH_OIDC_SECRET: z.string().min(1).optional(),
  /** The name on the console's single sign-on button. */
  AUTH_OIDC_NAME: z.string().min(1).default('Single sign-on'),
  /** Hosts and CIDRs that URLs a team supplies (BYOK base URLs, OIDC issuers) may reach although not public. */
  GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: allowListSchema,
  /** Prometheus metrics: `0` turns collection off entirely (no `/metrics`, nothing observed). */
  GATEHOUSE_METRICS: z
    .enum(['0', '1', 'true', 'false'], { message: 'GATEHOUSE_METRICS must be 1 or 0' })
    .default('1')
    .transform((value) => value === '1' || value === 'true'),
  /** A second bearer token for `GET /metrics` besides the admin token, so a scraper need not hold the admin token. */
  GATEHOUSE_METRICS_TOKEN: z.string().min(24, 'GATEHOUSE_METRICS_TOKEN must be at least 24 characters (use `openssl rand -hex 32`)').optional(),
  /** Also serve `/metrics` WITHOUT a token on this port (bind it to a private interface with GATEHOUSE_METRICS_HOST). */
  GATEHOUSE_METRICS_PORT: z.coerce.number({ message: 'GATEHOUSE_METRICS_PORT must be a port number' }).int().min(0).max(65535).optional(),
  GATEHOUSE_METRICS_HOST: z.string().min(1).max(255).default('127.0.0.1'),
  /** Distinct teams and models a metric label takes before further ones are counted as `other`. */
  GATEHOUSE_METRICS_MAX_TEAMS: z.coerce.number().int().min(1).max(100_000).default(1_000),
  GATEHOUSE_METRICS_MAX_MODELS: z.coerce.number().int().min(1).max(10_000).default(200),
  /** OpenTelemetry traces are exported when either is set (OTLP/HTTP JSON); the other OTEL_* variables are read by the SDK. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url('OTEL_EXPORTER_OTLP_ENDPOINT must be a URL').optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be a URL').optional(),
  /** `OTEL_TRACES_EXPORTER=none` or `OTEL_SDK_DISABLED=true` keeps traces off even with an endpoint set. */
  OTEL_TRACES_EXPORTER: z.string().max(100).optional(),
  OTEL_SDK_DISABLED: z.string().max(10).optional(),
  /** `0` turns request/response body storage off for every team, whatever their settings (nothing new is stored). */
  GATEHOUSE_STORE_BODIES: z
    .enum(['0', '1', 'true', 'false'], { message: 'GATEHOUSE_STORE_BODIES must be 1 or 0' })
    .default('1')
    .transform((value) => value === '1' || value === 'true'),
  /** Alerts and signed webhooks (lib/alerts): `0` stops this instance's evaluation and delivery loop. */
  GATEHOUSE_ALERTS: z
    .enum(['0', '1', 'true', 'false'], { message: 'GATEHOUSE_ALERTS must be 1 or 0' })
    .default('1')
    .transform((value) => value === '1' || value === 'true'),
  /** How often each instance evaluates alert rules and sends due webhook deliveries. */
  GATEHOUSE_ALERTS_INTERVAL_MS: z.coerce.number({ message: 'GATEHOUSE_ALERTS_INTERVAL_MS must be a number of milliseconds' }).int().min(1_000).max(3_600_000).default(60_000),
  /** Alert events and finished webhook deliveries older than this many days are deleted. */
  GATEHOUSE_ALERTS_RETENTION_DAYS: z.coerce.number({ message: 'GATEHOUSE_ALERTS_RETENTION_DAYS must be a whole number of days' }).int().min(1).max(3_650).default(30),
  GATEHOUSE_SKIP_CONSOLE: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((value) => value === '1' || value === 'true'),
});

export type Env = z.infer<typeof schema> & {
  /** Provider API keys and base URLs, keyed by the variable name (OPENAI_API_KEY, MOONSHOTAI_BASE_URL, ...). */
  providerVariables: Record<string, string>;
  nodeEnv: string;
};

const providerVariable = /^[A-Z0-9_]+_(API_KEY|BASE_URL|TOKEN)$/;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`Invalid environment:\n${problems}`);
  }
  const providerVariables: Record<string, string> = {};
  for (const [name, value] of Object.entries(cleaned)) {
    if (providerVariable.test(name) && value) providerVariables[name] = value;
  }
  return { ...result.data, providerVariables, nodeEnv: source.NODE_ENV ?? 'development' };
}

let cached: Env | undefined;

/** The process environment, parsed on first use. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

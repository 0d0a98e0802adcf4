import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { latestShippedMigration, openDatabase, type Database } from '@/db/client';
import { seedCatalog, seedProviderFacts, listProviderFacts } from '@/db/queries/catalog';
import { readMeta, writeMeta } from '@/db/queries/gatehouse-meta';
import { getBalance } from '@/db/queries/credits';
import { findEntityQuota } from '@/db/queries/entity-quotas';
import { listBudgets, sumBudgetSpend, type Budget } from '@/db/queries/budgets';
import { findPlan, seedPlans, type Plan } from '@/db/queries/plans';
import { sumUsageSince } from '@/db/queries/usage-logs';
import type { entityQuotas } from '@/db/schema';
import { listEnabledSealedCredentials } from '@/db/queries/provider-credentials';
import type { KeyRecord } from './auth/api-key-auth';
import { openLoginThrottle, type LoginThrottle } from './auth/login-throttle';
import { createOidcAuthenticator } from './auth/oidc-auth';
import { createPlaygroundTokens, type PlaygroundTokens } from './auth/playground-token';
import { createCreditHolds } from './billing/credit-holds';
import { createMonthlyCredits } from './billing/monthly-credits';
import { UsageMeter } from './billing/usage-meter';
import { createUsageRetention } from './billing/usage-retention';
import { createBodyStore } from './privacy/body-store';
import { createAlertsWorker } from './alerts/alerts-worker';
import { openUsageSpool, replayAbandonedSpool, spoolDirectory } from './billing/usage-spool';
import { TtlCache } from './cache/ttl-cache';
import { createCatalogStore } from './catalog/catalog-store';
import { catalogSeedFingerprint } from './catalog/seed-fingerprint';
import { createSecretBox, type SecretBox } from './crypto/secrets';
import { getEnv, type Env } from './env';
import type { GatewayDeps } from './gateway/deps';
import type { ByokCredential } from './gateway/plan';
import { ProviderHealth } from './gateway/provider-health';
import { createRedisSessionAffinity } from './gateway/redis-session-affinity';
import { SessionAffinity, type AffinityMemory } from './gateway/session-affinity';
import type { Redis } from 'ioredis';
import { createMemoryRateLimiter, createRedisRateLimiter } from './limits/rate-limiter';
import { ConcurrencyLimiter } from './limits/concurrency';
import { createReadiness } from './health/readiness';
import { createLogger, type Logger } from './logger';
import { createTeamNetwork } from './net/team-network';
import { openRedisClient } from './limits/redis-client';
import { createTelemetry, type Telemetry } from './observability/telemetry';

type EntityQuota = typeof entityQuotas.$inferSelect;
import { providers, systemConnections } from './providers/registry';
import type { Actor, ServiceContext } from './services/context';

export type Runtime = {
  env: Env;
  logger: Logger;
  database: Database;
  secrets: SecretBox;
  /** The console playground's short-lived gateway tokens (HMAC key derived from the same secret). */
  playgroundTokens: PlaygroundTokens;
  /** Console sign-in attempts, counted across instances (Redis, else the database). */
  loginThrottle: LoginThrottle;
  gateway: GatewayDeps;
  /** GATEHOUSE_ADMIN_TOKEN, or for an embedded install one kept in the data folder for the local CLI. */
  adminToken: string | undefined;
  serviceContext(actor: Actor): ServiceContext;
  close(): Promise<void>;
};

/**
 * The encryption secret: GATEHOUSE_SECRET, or, for a single embedded install, one made on
 * first start and kept in the data folder. Several instances must share GATEHOUSE_SECRET.
 */
function loadSecret(env: Env, logger: Logger): string {
  if (env.GATEHOUSE_SECRET) return env.GATEHOUSE_SECRET;
  const secret = localSecretFile(env, 'secret');
  logger.warn('GATEHOUSE_SECRET is not set; using one generated in the data folder. Set it explicitly when running several instances.');
  return secret;
}

/** A random value kept (0600) in the data folder, made on first use. */
export function localSecretFile(env: Env, name: string): string {
  if (env.GATEHOUSE_DATA_DIR.startsWith('memory://')) return randomBytes(32).toString('hex');
  const file = path.resolve(env.GATEHOUSE_DATA_DIR, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const value = randomBytes(32).toString('hex');
  writeFileSync(file, value, { mode: 0o600 });
  return value;
}

/** `onQuery` sees the text of every SQL statement sent (the benchmark's BENCH_DIAG counts them). */
export async function createRuntime(env: Env, options: { onQuery?: (sql: string) => void } = {}): Promise<Runtime> {
  const logger = createLogger(env.GATEHOUSE_LOG_LEVEL);
  const database = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: env.GATEHOUSE_DATA_DIR,
    onQuery: options.onQuery,
    connectTimeoutMs: env.GATEHOUSE_DB_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: env.GATEHOUSE_DB_STATEMENT_TIMEOUT_MS,
    transactionTimeoutMs: env.GATEHOUSE_DB_TRANSACTION_TIMEOUT_MS,
  });
  const { db } = database;
  const fingerprint = catalogSeedFingerprint();
  const seed = () =>
    database.exclusive(async () => {
      // Loaded only to seed: a restart of the same build skips it (see seed-fingerprint.ts).
      const { buildSeedCatalog } = await import('./catalog/seed-data');
      await seedCatalog(db, buildSeedCatalog());
      await seedProviderFacts(db, providers);
      await seedPlans(db);
      if (fingerprint) await writeMeta(db, 'catalog_seed', fingerprint);
    });
  // A restart finds the catalog already seeded: refreshing it (seconds of upserts on a small
  // machine) then runs after the server listens, instead of delaying the first request.
  const seededBefore = (await listProviderFacts(db)).length > 0;
  const seedCurrent = seededBefore && fingerprint !== undefined && (await readMeta(db, 'catalog_seed')) === fingerprint;
  if (!seededBefore) await seed();
  let facts = new Map((await listProviderFacts(db)).map((row) => [row.slug, row]));
  // Facts are read synchronously while planning; refreshed in the background and after admin edits.
  const refreshFacts = async () => {
    facts = new Map((await listProviderFacts(db)).map((row) => [row.slug, row]));
  };
  const factsTimer = setInterval(() => void refreshFacts().catch(() => {}), Math.max(env.GATEHOUSE_CACHE_TTL_MS, 1_000) * 6);
  factsTimer.unref();

  const secret = loadSecret(env, logger);
  const secrets = createSecretBox(secret);
  const playgroundTokens = createPlaygroundTokens(secret);
  const ttl = env.GATEHOUSE_CACHE_TTL_MS;
  const keyCache = new TtlCache<KeyRecord | null>(ttl);
  const teamNetwork = createTeamNetwork({ allowList: env.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS });
  const oidc = createOidcAuthenticator({ db, cacheTtlMs: ttl, logger, network: teamNetwork });
  const balances = new TtlCache<number>(Math.min(ttl, 1_000));
  const byok = new TtlCache<ByokCredential[]>(ttl);
  const catalog = createCatalogStore(db, Math.max(ttl, 30_000));
  const seeding =
    seededBefore && !seedCurrent
    ? seed()
        .then(async () => {
          catalog.invalidate();
          await refreshFacts();
        })
        .catch((error) => logger.warn('refreshing the seeded catalog failed', { error: String(error) }))
    : Promise.resolve();
  const spool = openUsageSpool(spoolDirectory(env), logger);
  // The meter's batches are timed for metrics, which are made after the meter (they read it).
  const observed: { telemetry?: Telemetry } = {};
  const onBatch = (rows: number, seconds: number) => observed.telemetry?.metrics?.batchWritten(rows, seconds);
  const meter = new UsageMeter(db, { flushMs: env.GATEHOUSE_METER_FLUSH_MS, maxBuffered: env.GATEHOUSE_METER_MAX_BUFFERED, logger, spool, onBatch });
  // The batch's transaction returned each debited team's new balance: cache it as it is, rather
  // than dropping it and making the next request wait on a query behind the next flush.
  meter.onWritten((rows, written) => {
    for (const [teamId, balance] of written) balances.set(teamId, balance);
  });

  const retention = env.GATEHOUSE_USAGE_RETENTION_DAYS ? createUsageRetention({ db, days: env.GATEHOUSE_USAGE_RETENTION_DAYS, logger }) : undefined;

  // Always made, so bodies stored before the instance turned the feature off still expire.
  const bodies = createBodyStore({ db, logger });

  const monthlyCredits = createMonthlyCredits({ db, logger, onGranted: (teamId) => balances.delete(teamId) });
  // Lazily on each team's first request of a month too; the sweep also shows grants to teams that make none.
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = monthlyCredits.sweep().catch((error) => logger.warn('monthly credits sweep failed', { error: String(error) }));
  };
  sweep();
  const sweepTimer = setInterval(sweep, 60 * 60_000);
  sweepTimer.unref();

  const plans = new TtlCache<Plan | undefined>(Math.max(ttl, 1_000));
  const quotas = new TtlCache<EntityQuota | undefined>(ttl);
  const usageWindows = new TtlCache<{ costMicros: number; requests: number }>(Math.min(ttl, 2_000));
  const teamBudgets = new TtlCache<Budget[]>(ttl);
  const budgetWindows = new TtlCache<number>(Math.min(ttl, 2_000));
  const redis = await openRedis(env);
  const rateLimiter = redis ? createRedisRateLimiter(redis, logger) : createMemoryRateLimiter();
  // Holds of requests that never finished (a crashed instance) stop counting when they expire; this only deletes them.
  const holds = createCreditHolds({ db, ttlMs: env.GATEHOUSE_HOLD_TTL_MS, logger, owner: spool?.owner });
  const holdsTimer = setInterval(() => void holds.sweep(), 60_000);
  holdsTimer.unref();
  const loginThrottle = await openLoginThrottle({ db, redisUrl: env.REDIS_URL, logger });
  // Off the request path; several instances share the work without sending anything twice (lib/alerts).
  const alerts = env.GATEHOUSE_ALERTS
    ? createAlertsWorker({ db, secrets, network: teamNetwork, logger, intervalMs: env.GATEHOUSE_ALERTS_INTERVAL_MS, retentionDays: env.GATEHOUSE_ALERTS_RETENTION_DAYS })
    : undefined;

  const health = new ProviderHealth();
  const telemetry = (observed.telemetry = await createTelemetry(env, { meter, health }, logger));

  const gateway: GatewayDeps = {
    env,
    db,
    logger,
    meter,
    keyCache,
    oidc,
    catalog,
    availableBalance: async (teamId) => {
      const stored = await balances.get(teamId, async () => (await getBalance(db, teamId))?.balanceMicros ?? 0);
      return stored - meter.pendingDebit(teamId);
    },
    grantMonthlyCredits: async (teamId) => {
      try {
        await monthlyCredits.ensure(teamId);
      } catch (error) {
        // The request goes on with the balance there is; the next one tries again.
        logger.warn('monthly credits grant failed', { teamId, error: String(error) });
      }
    },
    byokCredentials: (teamId) =>
      byok.get(teamId, async () =>
        (await listEnabledSealedCredentials(db, teamId)).map((row) => ({
          id: row.id,
          provider: row.provider,
          apiKey: secrets.decrypt(row.encryptedSecret),
          baseURL: row.baseUrl,
          modelMappings: row.modelMappings,
          zeroDataRetention: row.zeroDataRetention,
        })),
      ),
    systemConnection: systemConnections(env.providerVariables),
    providerFacts: (slug) => facts.get(slug),
    health,
    plan: (id) => plans.get(id, () => findPlan(db, id)),
    rateLimiter,
    usageSince: (filter) =>
      usageWindows.get(`${filter.teamId}|${filter.apiKeyId ?? ''}|${filter.quotaEntityId ?? ''}|${filter.since.toISOString()}`, () => sumUsageSince(db, filter)),
    entityQuota: (teamId, entityId) => quotas.get(`${teamId}|${entityId}`, () => findEntityQuota(db, teamId, entityId)),
    budgets: (teamId) => teamBudgets.get(teamId, () => listBudgets(db, teamId)),
    budgetSpent: (budget, since) => budgetWindows.get(`${budget.id}|${since?.toISOString() ?? ''}`, () => sumBudgetSpend(db, budget, since)),
    holds,
    readiness: createReadiness({
      db,
      databaseKind: database.kind,
      shippedMigration: latestShippedMigration(),
      usageLogBehind: () => meter.backlogged(),
      redisConnected: rateLimiter.connected && (() => rateLimiter.connected!()),
    }),
    concurrency: new ConcurrencyLimiter(),
    affinity: createAffinity(env, redis, logger),
    playgroundTokens,
    teamNetwork,
    telemetry,
    bodies: env.GATEHOUSE_STORE_BODIES ? bodies : undefined,
  };
  meter.onWritten(() => {
    usageWindows.clear();
    budgetWindows.clear();
  });
  // Before serving: rows a crashed process spooled are billed before new traffic is admitted.
  if (spool) await replayAbandonedSpool(spool, meter, logger, holds);

  const invalidate = {
    apiKeys: () => keyCache.clear(),
    team: (teamId: string) => {
      balances.delete(teamId);
      plans.clear();
      quotas.clear();
      teamBudgets.delete(teamId);
      budgetWindows.clear();
      byok.delete(teamId);
      keyCache.clear();
      oidc.invalidate();
    },
    catalog: () => catalog.invalidate(),
    providerFacts: () => refreshFacts(),
  };

  return {
    env,
    logger,
    database,
    secrets,
    playgroundTokens,
    loginThrottle,
    gateway,
    adminToken: env.GATEHOUSE_ADMIN_TOKEN ?? (env.DATABASE_URL ? undefined : localSecretFile(env, 'admin-token')),
    serviceContext: (actor) => ({ db, actor, secrets, invalidate, defaults: { plan: env.GATEHOUSE_DEFAULT_PLAN }, teamNetwork }),
    async close() {
      clearInterval(factsTimer);
      clearInterval(sweepTimer);
      clearInterval(holdsTimer);
      retention?.close();
      await bodies.close();
      await alerts?.close();
      await seeding;
      await sweeping;
      await meter.close();
      await telemetry?.close();
      await rateLimiter.close();
      await loginThrottle.close();
      await database.close();
      await teamNetwork.close();
    },
  };
}

/**
 * The Redis that shares rate limits and session affinity between instances when REDIS_URL is
 * set; both fail open to this instance's memory when it cannot be reached.
 */
async function openRedis(env: Env): Promise<Redis | undefined> {
  if (!env.REDIS_URL) return undefined;
  return openRedisClient(env.REDIS_URL);
}

/** Session affinity: off at TTL 0; in memory, with Redis in front when it is configured. */
function createAffinity(env: Env, redis: Redis | undefined, logger: Logger): AffinityMemory | undefined {
  const ttlMs = env.GATEHOUSE_SESSION_AFFINITY_TTL_MS;
  if (ttlMs === 0) return undefined;
  const local = new SessionAffinity({ ttlMs, maxEntries: 50_000 });
  return redis ? createRedisSessionAffinity({ redis, local, ttlMs, logger }) : local;
}

const runtimeKey = Symbol.for('gatehouse.runtime');
type GlobalWithRuntime = typeof globalThis & { [runtimeKey]?: Promise<Runtime> };

/**
 * The process's one runtime, shared by the lean server and Next's route handlers (which
 * load their own copies of these modules, hence globalThis).
 */
export function getRuntime(): Promise<Runtime> {
  const holder = globalThis as GlobalWithRuntime;
  holder[runtimeKey] ??= createRuntime(getEnv());
  return holder[runtimeKey];
}

export function setRuntime(runtime: Promise<Runtime>): void {
  (globalThis as GlobalWithRuntime)[runtimeKey] = runtime;
}

import { latestAppliedMigration } from '@/db/queries/migrations';
import type { Db } from '@/db/client';
import { withDeadline } from '@/db/unavailable';

export type Check = { ok: boolean; detail?: string; latencyMs?: number };
export type ReadinessReport = { ready: boolean; checks: Record<string, Check & { required: boolean }> };

type ReadinessOptions = {
  db: Db;
  /** 'pglite': the probe goes to the embedded database's worker thread, so it also proves the thread is alive. */
  databaseKind: 'pglite' | 'postgres';
  /** The newest migration this build ships (`latestShippedMigration()`). */
  shippedMigration: number;
  usageLogBehind(): boolean;
  /** Present when limits are shared through Redis. */
  redisConnected?: () => boolean;
  probeTimeoutMs?: number;
  /** How long one database probe answers for: load balancers poll every instance often. */
  cacheMs?: number;
  now?: () => number;
};

/**
 * Whether this instance should receive traffic. The database probe (one read of drizzle's
 * migrations table, which shows both that the database answers and that it is migrated) is
 * shared by concurrent callers and cached for a second, so probes cost the database almost
 * nothing. Redis is reported but not required: the rate limiter falls back to per-instance
 * limits without it, and taking every instance out of rotation because Redis is down would
 * turn that degraded mode into an outage.
 */
export function createReadiness(options: ReadinessOptions) {
  const now = options.now ?? Date.now;
  const probeTimeoutMs = options.probeTimeoutMs ?? 1_000;
  const cacheMs = options.cacheMs ?? 1_000;
  let cached: { at: number; database: Check; migrations: Check } | undefined;
  let draining = false;
  let probing: Promise<{ database: Check; migrations: Check }> | undefined;

  async function probe(): Promise<{ database: Check; migrations: Check }> {
    const started = now();
    const what = options.databaseKind === 'pglite' ? 'embedded database thread' : 'database';
    try {
      const applied = await withDeadline(latestAppliedMigration(options.db), probeTimeoutMs, 'readiness probe');
      const database = { ok: true, latencyMs: now() - started };
      const migrated = applied !== null && applied >= options.shippedMigration;
      return { database, migrations: migrated ? { ok: true } : { ok: false, detail: 'The database has not been migrated to this version yet.' } };
    } catch {
      return { database: { ok: false, detail: `The ${what} did not answer within ${probeTimeoutMs} ms.`, latencyMs: now() - started }, migrations: { ok: false, detail: 'Unknown while the database is unreachable.' } };
    }
  }

  async function databaseChecks() {
    if (cached && now() - cached.at < cacheMs) return cached;
    probing ??= probe().finally(() => {
      probing = undefined;
    });
    const result = await probing;
    cached = { at: now(), ...result };
    return cached;
  }

  return {
    /** From SIGTERM on: out of rotation at once, while in-flight calls finish (server/drain.ts). */
    startDraining() {
      draining = true;
    },
    isDraining: () => draining,
    async check(): Promise<ReadinessReport> {
      // A draining instance must leave rotation even while its database answers; no probe needed.
      if (draining) return { ready: false, checks: { draining: { ok: false, detail: 'This instance is shutting down.', required: true } } };
      const { database, migrations } = await databaseChecks();
      const behind = options.usageLogBehind();
      const checks: ReadinessReport['checks'] = {
        database: { ...database, required: true },
        migrations: { ...migrations, required: true },
        usage_log: behind ? { ok: false, detail: 'Usage rows are waiting to be written beyond the limit; model calls are refused.', required: true } : { ok: true, required: true },
      };
      if (options.redisConnected) checks.redis = options.redisConnected() ? { ok: true, required: false } : { ok: false, detail: 'Redis is unreachable; limits are per instance until it is back.', required: false };
      return { ready: Object.values(checks).every((check) => check.ok || !check.required), checks };
    },
  };
}

export type Readiness = ReturnType<typeof createReadiness>;

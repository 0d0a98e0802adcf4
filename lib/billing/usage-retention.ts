import type { Db } from '@/db/client';
import { listTeamsWithUsageBefore, pruneUsageRows } from '@/db/queries/usage-logs';
import type { Logger } from '../logger';

const DAY = 86_400_000;

export type UsageRetention = {
  /** Prunes everything due now; resolves to the number of rows deleted. */
  sweep(): Promise<number>;
  close(): void;
};

/**
 * Deletes raw usage rows older than `days` (GATEHOUSE_USAGE_RETENTION_DAYS) in statements of
 * `batch` rows, one team at a time, pausing between statements so the meter's writes are never
 * queued behind a long delete. Each instance runs its own timer: the deletes are idempotent and
 * skip rows another instance has locked, so several instances share the work. Rollups, the
 * credits ledger and balances are never pruned, so charts, reports and balances do not change.
 */
export function createUsageRetention(options: {
  db: Db;
  days: number;
  logger: Logger;
  batch?: number;
  everyMs?: number;
  pauseMs?: number;
  now?: () => Date;
}): UsageRetention {
  const batch = options.batch ?? 5_000;
  const now = options.now ?? (() => new Date());
  let closed = false;
  let running: Promise<number> | undefined;

  async function prune(): Promise<number> {
    const before = new Date(now().getTime() - options.days * DAY);
    let total = 0;
    for (const teamId of await listTeamsWithUsageBefore(options.db, before)) {
      for (;;) {
        if (closed) return total;
        const deleted = await pruneUsageRows(options.db, teamId, before, batch);
        total += deleted;
        if (deleted < batch) break;
        await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 50));
      }
    }
    if (total > 0) options.logger.info('pruned raw usage rows past retention', { rows: total, before: before.toISOString() });
    return total;
  }

  function sweep(): Promise<number> {
    running ??= prune().finally(() => {
      running = undefined;
    });
    return running;
  }

  const tick = () => void sweep().catch((error) => options.logger.warn('usage retention sweep failed', { error: String(error) }));
  // A first sweep soon after start (not during it), then hourly.
  const first = setTimeout(tick, Math.min(60_000, options.everyMs ?? 3_600_000));
  const timer = setInterval(tick, options.everyMs ?? 3_600_000);
  first.unref?.();
  timer.unref?.();
  return {
    sweep,
    close() {
      closed = true;
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}

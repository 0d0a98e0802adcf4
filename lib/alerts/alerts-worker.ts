import type { Db } from '@/db/client';
import { pruneAlertEvents } from '@/db/queries/alert-rules';
import { pruneDeliveries } from '@/db/queries/webhooks';
import type { SecretBox } from '../crypto/secrets';
import type { Logger } from '../logger';
import type { TeamNetwork } from '../net/team-network';
import { runDueDeliveries, type DeliveryPolicy } from './deliver';
import { evaluateAlertRules } from './evaluate';

const DAY = 86_400_000;

export type AlertsWorker = {
  /** One pass: evaluate rules, send what is due, prune what is past retention. */
  tick(): Promise<void>;
  close(): Promise<void>;
};

/**
 * The background loop every instance runs, off the request path. Instances need no
 * coordination: an alert is recorded once by its unique key, and deliveries are claimed with
 * `FOR UPDATE SKIP LOCKED` and a lease. A pass stops evaluating at its deadline (a fraction of
 * the interval) so passes do not pile up; one still running makes the next timer skip.
 */
export function createAlertsWorker(options: {
  db: Db;
  secrets: SecretBox;
  network: TeamNetwork;
  logger: Logger;
  intervalMs: number;
  retentionDays: number;
  policy?: DeliveryPolicy;
  now?: () => Date;
}): AlertsWorker {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  let closed = false;
  let lastPrune = 0;

  async function pass() {
    const start = now();
    const deadline = Date.now() + Math.max(1_000, Math.floor(options.intervalMs * 0.8));
    await evaluateAlertRules({
      db: options.db,
      now: start,
      deadline,
      onError: (ruleId, error) => options.logger.warn('alert rule evaluation failed', { ruleId, error: String(error) }),
    });
    const deps = { db: options.db, secrets: options.secrets, network: options.network, policy: options.policy };
    while (!closed && Date.now() < deadline && (await runDueDeliveries(deps, now())) > 0);
    if (start.getTime() - lastPrune > DAY / 24) {
      lastPrune = start.getTime();
      const before = new Date(start.getTime() - options.retentionDays * DAY);
      await pruneDeliveries(options.db, before);
      await pruneAlertEvents(options.db, before);
    }
  }

  function tick(): Promise<void> {
    running ??= pass()
      .catch((error) => options.logger.warn('alerts pass failed', { error: String(error) }))
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  const timer = setInterval(() => {
    if (!running && !closed) void tick();
  }, options.intervalMs);
  timer.unref?.();
  return {
    tick,
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}

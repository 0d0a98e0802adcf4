import type { Db } from '@/db/client';
import { claimDueDeliveries, loadDeliveries, recordDeliveryAttempt } from '@/db/queries/webhooks';
import type { SecretBox } from '../crypto/secrets';
import { findBlockedAddress } from '../net/guarded-dispatcher';
import type { TeamNetwork } from '../net/team-network';
import { signatureHeader } from './signature';

export type DeliveryPolicy = {
  /** Attempts in all, the first included; then the delivery is marked failed. */
  maxAttempts: number;
  /** Wait after the first failure; doubles after each further one (with jitter). */
  baseDelayMs: number;
  timeoutMs: number;
  /** How long a claimed delivery stays out of other senders' reach. */
  leaseMs: number;
};

/** 6 attempts; waits of about 2, 4, 8, 16 and 32 minutes: the last try about an hour after the first. */
export const defaultDeliveryPolicy: DeliveryPolicy = { maxAttempts: 6, baseDelayMs: 120_000, timeoutMs: 10_000, leaseMs: 60_000 };

/** The receiver's answer is not read beyond this; only its status counts. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export type DeliveryDeps = { db: Db; secrets: SecretBox; network: TeamNetwork; policy?: DeliveryPolicy; random?: () => number };

/** The wait before attempt `attempt + 1` after `attempt` failed: exponential, with ±25 % jitter so retries of many deliveries spread out. */
export function retryDelayMs(attempt: number, policy: DeliveryPolicy, random: () => number = Math.random): number {
  const base = policy.baseDelayMs * 2 ** Math.min(attempt - 1, 20);
  return Math.round(base * (0.75 + random() * 0.5));
}

async function drain(response: Response): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  let size = 0;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > MAX_RESPONSE_BYTES) break;
    }
  } catch {
    // The status is what counts; a body cut short does not change it.
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/**
 * Why an attempt failed, in words that tell the team what to fix without echoing what the
 * remote said (the URL is the team's choice, so answers are classified, never relayed).
 */
function classify(error: unknown): string {
  if (findBlockedAddress(error)) return 'refused: the URL leads to a non-public address';
  if ((error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError') return 'no answer in time';
  return 'could not connect';
}

type Loaded = Awaited<ReturnType<typeof loadDeliveries>>[number];

/** One attempt at one delivery, recorded: delivered on a 2xx, else retried later or, after the last attempt, failed. */
export async function attemptDelivery(deps: DeliveryDeps, delivery: Loaded, now: Date): Promise<{ status: 'delivered' | 'pending' | 'failed'; statusCode: number | null; error: string | null }> {
  const policy = deps.policy ?? defaultDeliveryPolicy;
  const attempt = delivery.attempt + 1;
  let statusCode: number | null = null;
  let error: string | null = null;
  const problem = delivery.enabled ? deps.network.urlProblem(delivery.url) : 'the endpoint is disabled';
  if (problem) error = delivery.enabled ? `refused: the URL ${problem}` : problem;
  let secret: string | undefined;
  if (!problem) {
    try {
      secret = deps.secrets.decrypt(delivery.encryptedSecret);
    } catch {
      error = 'the signing secret cannot be decrypted (was GATEHOUSE_SECRET changed?)';
    }
  }
  if (secret !== undefined) {
    const body = JSON.stringify(delivery.payload);
    try {
      const response = await deps.network.fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Gatehouse-Webhooks/1',
          'x-gatehouse-event': delivery.eventType,
          'x-gatehouse-delivery': delivery.id,
          'x-gatehouse-signature': signatureHeader(secret, body, Math.floor(now.getTime() / 1000)),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      statusCode = response.status;
      await drain(response);
      if (statusCode < 200 || statusCode > 299) error = statusCode >= 300 && statusCode < 400 ? `answered ${statusCode} (redirects are not followed)` : `answered ${statusCode}`;
    } catch (caught) {
      error = classify(caught);
    }
  }
  const status = error === null ? 'delivered' : attempt >= policy.maxAttempts || !delivery.enabled ? 'failed' : 'pending';
  const nextAttemptAt = status === 'pending' ? new Date(now.getTime() + retryDelayMs(attempt, policy, deps.random)) : null;
  await recordDeliveryAttempt(deps.db, delivery.id, { attempt, status, statusCode, error, nextAttemptAt, at: now });
  return { status, statusCode, error };
}

/** Claims the deliveries due at `now` (a batch) and attempts them, a few at a time. Returns how many were attempted. */
export async function runDueDeliveries(deps: DeliveryDeps, now: Date, options: { batch?: number; parallel?: number } = {}): Promise<number> {
  const policy = deps.policy ?? defaultDeliveryPolicy;
  const claimed = await claimDueDeliveries(deps.db, now, new Date(now.getTime() + policy.leaseMs), options.batch ?? 50);
  const queue = [...claimed];
  const worker = async () => {
    for (let delivery = queue.shift(); delivery; delivery = queue.shift()) await attemptDelivery(deps, delivery, now);
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel ?? 4, queue.length) }, worker));
  return claimed.length;
}

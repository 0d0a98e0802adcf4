import type { Db } from '@/db/client';
import { releaseHoldsOf, settleHold, sweepExpiredHolds, takeHold, type HoldRequest, type HoldResult } from '@/db/queries/credit-holds';
import type { Attempt } from '../gateway/plan';
import type { ParsedRequest } from '../gateway/types';
import type { Logger } from '../logger';

/**
 * Output tokens assumed when neither the request nor the catalog gives a cap. The catalog knows
 * a cap for every seeded model (up to 262,144 tokens, where a provider lists its context window);
 * this is only for models an operator added without one.
 */
const UNKNOWN_OUTPUT_CAP = 32_768;

/**
 * The most output an attempt can produce: the request's cap, never more than the model's own
 * maximum, and never more than what its context window leaves after the input. The last bound
 * keeps catalog entries whose "max output" is really the context window from holding for an
 * answer that could not fit.
 */
function outputCap(attempt: Attempt, request: ParsedRequest): number {
  if (request.embedding) return 0;
  // An image model's cap is per image (gpt-image-1's largest, highest-quality image).
  if (request.media) return request.media.kind === 'image' ? (attempt.model.maxOutputTokens ?? 0) * request.media.call.n : 0;
  const { maxOutputTokens, contextWindow } = attempt.model;
  let cap = request.maxOutputTokens ?? maxOutputTokens ?? UNKNOWN_OUTPUT_CAP;
  if (maxOutputTokens) cap = Math.min(cap, maxOutputTokens);
  if (contextWindow) cap = Math.min(cap, Math.max(1, contextWindow - request.estimatedInputTokens));
  return cap;
}

/** What one attempt could cost at most: the input estimate at the dearest input rate, plus the output cap, plus its most units. */
export function attemptWorstCase(attempt: Attempt, request: ParsedRequest): number {
  const { offering } = attempt;
  const inputPrice = Math.max(offering.inputPrice, offering.cacheWritePrice ?? 0);
  return Math.ceil((request.estimatedInputTokens * inputPrice + outputCap(attempt, request) * offering.outputPrice + unitsCap(attempt, request) + mostMediaUnits(request) * (offering.unitPrice ?? 0)) / 1_000_000);
}

/** The most non-token units the request can be billed for (a rerank's search units) at the offering's unit price, times a million. */
function unitsCap({ offering }: Attempt, request: ParsedRequest): number {
  const units = request.maxUnits;
  if (!units || !offering.unitPrice || offering.priceUnit !== units.unit) return 0;
  return Math.ceil(units.quantity) * offering.unitPrice;
}

/** Transcripts are held for this little audio per byte (16 kbit/s, below any usual speech encoding). */
const WORST_AUDIO_BYTES_PER_SECOND = 2_000;

/** The most units (images, characters, seconds) a media request can be billed for, at the offering's unit price. */
function mostMediaUnits(request: ParsedRequest): number {
  const media = request.media;
  if (!media) return 0;
  if (media.kind === 'image') return media.call.n;
  if (media.kind === 'speech') return media.call.text.length;
  return Math.ceil(media.audioBytes / WORST_AUDIO_BYTES_PER_SECOND);
}

/**
 * The most the plan could cost: only one attempt is ever billed (failed attempts cost nothing),
 * but any of them may be the one, so the dearest decides. At least 1 µ$, so a hold always counts.
 */
export function worstCase(attempts: Attempt[], request: ParsedRequest): number {
  let worst = 1;
  for (const attempt of attempts) worst = Math.max(worst, attemptWorstCase(attempt, request));
  return worst;
}

/** The longest an answer waits for its hold to be settled. */
const SETTLE_WAIT_MS = 1_000;

export type CreditHolds = {
  /** Takes a hold for a generation (see `takeHold`); `expiresAt` is set here. */
  take(hold: Omit<HoldRequest, 'expiresAt'>): Promise<HoldResult>;
  /** The generation ended and its cost is known: shrink the hold to it now rather than when its usage row is written. */
  settle(generationId: string, amounts: { creditMicros: number; spendMicros: number }): Promise<void>;
  /** Deletes long-expired holds; the runtime calls it on a timer. */
  sweep(): Promise<void>;
  /** Releases the holds of gone processes (spool owners), at start, after their spooled rows were written. */
  releaseOrphans(owners: string[]): Promise<void>;
};

/** `owner`: this process's spool owner id, stamped on its holds so a successor can release them after a crash. */
export function createCreditHolds(options: { db: Db; ttlMs: number; logger: Logger; owner?: string }): CreditHolds {
  const { db, ttlMs, logger, owner } = options;
  return {
    take: (hold) => takeHold(db, { ...hold, owner, expiresAt: new Date(Date.now() + ttlMs) }),
    settle(generationId, amounts) {
      // Best effort, never throws: if it fails, the usage row's batch still releases the hold (or its expiry does).
      const settling = settleHold(db, generationId, amounts).catch((error: unknown) => logger.warn('settling a credit hold failed', { generationId, error: String(error) }));
      // Callers hold the answer's last bytes for this; a slow database must not hold them long.
      return Promise.race([settling, new Promise<void>((resolve) => setTimeout(resolve, SETTLE_WAIT_MS).unref())]);
    },
    async releaseOrphans(owners) {
      if (owners.length === 0) return;
      try {
        const released = await releaseHoldsOf(db, owners);
        if (released > 0) logger.warn('credit holds of a stopped process released (its requests died before their rows were spooled)', { holds: released });
      } catch (error) {
        // They still stop counting when they expire.
        logger.warn('releasing the holds of a stopped process failed', { error: String(error) });
      }
    },
    async sweep() {
      try {
        const swept = await sweepExpiredHolds(db, new Date());
        if (swept > 0) logger.warn('expired credit holds swept (their requests never finished, e.g. a crashed instance)', { holds: swept });
      } catch (error) {
        logger.warn('sweeping credit holds failed', { error: String(error) });
      }
    },
  };
}

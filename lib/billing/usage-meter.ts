import type { Db } from '@/db/client';
import { insertDeadLetter } from '@/db/queries/usage-dead-letters';
import { writeUsageBatch, type UsageRow } from '@/db/queries/usage-logs';
import type { Logger } from '../logger';
import { minimalUsageRow, storableText, storableUsageRow } from './storable-text';
import type { UsageSpool } from './usage-spool';
import { describeWriteError, isRowError } from './write-errors';

/** What the meter did with rows the database refused; a later `/metrics` reads these. */
export type MeterCounters = { splitBatches: number; storedMinimal: number; deadLettered: number };

/**
 * Usage rows and debits leave the hot path here: requests hand over a finished row and
 * move on; rows are written in batches, retried with backoff while the database is
 * unreachable, and flushed on shutdown. Exactly-once is the database's job (the
 * generation id is a primary key), so retrying a batch is always safe.
 *
 * No row can block the others: texts are made storable before a row is buffered, and a batch
 * the database refuses for its data is split in halves until each refused row is alone. That
 * row is then written in its minimal form (free text nulled, money intact) so its generation is
 * still recorded and debited; only if even that is refused (say, its team was deleted) is it
 * kept in `usage_dead_letters`, logged and counted. With a spool, each row is also appended to a
 * local file before it is buffered, so a crash of the process loses none (see usage-spool.ts).
 */
const MAX_UNRECORDED = 100_000;

export class UsageMeter {
  private buffer: UsageRow[] = [];
  private pendingByTeam = new Map<string, number>();
  /** Generations that started streaming (or holding) here and have no final row yet: generation id → team id. */
  private unrecorded = new Map<string, string>();
  private pendingByKey = new Map<string, number>();
  private pendingByEntity = new Map<string, { micros: number; requests: number }>();
  /** Spend per key written by this instance since start; only grows. */
  private writtenByKey = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failures = 0;
  private closed = false;
  private behind = false;
  private readonly listeners = new Set<(rows: UsageRow[], balances: ReadonlyMap<string, number>) => void>();
  /** Rows of the batch being written that are settled (written or dead-lettered) already. */
  private readonly settled = new Set<UsageRow>();
  readonly counters: MeterCounters = { splitBatches: 0, storedMinimal: 0, deadLettered: 0 };

  constructor(
    private readonly db: Db,
    private readonly options: { flushMs: number; maxBatch?: number; maxBuffered?: number; logger: Logger; spool?: UsageSpool; onBatch?: (rows: number, seconds: number) => void },
  ) {}

  /** Takes a finished row; with a spool, it is on disk (in the page cache) when this returns. */
  record(finished: UsageRow): void {
    this.unrecorded.delete(finished.generationId);
    const row = storableUsageRow(finished);
    this.options.spool?.append(row);
    this.buffer.push(row);
    const billed = row.billedMicros ?? 0;
    if (billed > 0) this.pendingByTeam.set(row.teamId, (this.pendingByTeam.get(row.teamId) ?? 0) + billed);
    if (row.apiKeyId && row.costMicros) this.pendingByKey.set(row.apiKeyId, (this.pendingByKey.get(row.apiKeyId) ?? 0) + row.costMicros);
    if (row.quotaEntityId) {
      const key = `${row.teamId}|${row.quotaEntityId}`;
      const current = this.pendingByEntity.get(key) ?? { micros: 0, requests: 0 };
      this.pendingByEntity.set(key, { micros: current.micros + (row.costMicros ?? 0), requests: current.requests + 1 });
    }
    // A full batch goes now, unless a flush is already writing: it picks up what is waiting when it ends.
    if (this.buffer.length >= (this.options.maxBatch ?? 200)) {
      if (!this.running && this.failures === 0) void this.flush().catch(() => {});
    } else this.schedule(this.options.flushMs);
  }

  /**
   * A stream is about to send its first byte: its row as it would stand if the process died
   * now goes to the spool, to be billed on replay if no final row follows. No-op without one.
   */
  started(row: UsageRow): void {
    // Bounded by the calls in flight; the cap only guards against a bug that never records.
    if (this.unrecorded.size < MAX_UNRECORDED) this.unrecorded.set(row.generationId, row.teamId);
    this.options.spool?.started(storableUsageRow(row));
  }

  /** True while this instance runs (or is settling) the team's generation: its row is still to come. */
  recording(generationId: string, teamId: string): boolean {
    return this.unrecorded.get(generationId) === teamId;
  }

  /** Billed but not yet written: admission subtracts this from the stored balance. */
  pendingDebit(teamId: string): number {
    return this.pendingByTeam.get(teamId) ?? 0;
  }

  pendingKeySpend(keyId: string): number {
    return this.pendingByKey.get(keyId) ?? 0;
  }

  /** Lets a cached key record account for spend this instance wrote after the record was read. */
  keySpendWritten(keyId: string): number {
    return this.writtenByKey.get(keyId) ?? 0;
  }

  pendingEntityUsage(teamId: string, entityId: string): { micros: number; requests: number } {
    return this.pendingByEntity.get(`${teamId}|${entityId}`) ?? { micros: 0, requests: 0 };
  }

  /**
   * Called with each batch once it is durably written, in the same turn as the batch's debits
   * leave `pendingDebit`, with the balance each debited team was left with.
   */
  onWritten(listener: (rows: UsageRow[], balances: ReadonlyMap<string, number>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes everything buffered so far; resolves once it is durable (or throws if the database refuses). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    if (this.buffer.length === 0) return;
    this.running = this.writeAll().finally(() => {
      this.running = undefined;
    });
    await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (let attempt = 0; attempt < 5 && this.buffer.length > 0; attempt++) {
      try {
        await this.flush();
      } catch (error) {
        this.options.logger.error('usage flush on shutdown failed', { error: String(error), rows: this.buffer.length });
        await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
      }
    }
    if (this.buffer.length > 0) {
      const where = this.options.spool ? 'left in the spool for the next start' : 'lost';
      this.options.logger.error(`usage rows not written at shutdown: ${where}`, { rows: this.buffer.length });
    }
    this.options.spool?.close();
  }

  get size(): number {
    return this.buffer.length;
  }

  /**
   * Whether `maxBuffered` rows are waiting: the database is down or slower than the traffic.
   * The gateway then takes no new model calls (503) until the log catches up, so that what is
   * held only in memory (unlogged, not yet debited) stays bounded. Logs each change of state.
   */
  backlogged(): boolean {
    const full = this.buffer.length >= (this.options.maxBuffered ?? Infinity);
    if (full !== this.behind) {
      this.behind = full;
      if (full) this.options.logger.error('usage log is behind; refusing new model calls until it catches up', { rows: this.buffer.length });
      else this.options.logger.info('usage log caught up; taking model calls again', { rows: this.buffer.length });
    }
    return full;
  }

  private schedule(delay: number) {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => {});
    }, delay);
    this.timer.unref?.();
  }

  /**
   * Writes the rows buffered when the flush began. Rows that arrive meanwhile wait for their own
   * timer: looping until the buffer was empty turned a busy meter into back-to-back transactions
   * of a few rows each, one per database round trip, instead of one batch per interval.
   */
  private async writeAll() {
    let remaining = this.buffer.length;
    while (remaining > 0) {
      const batch = this.buffer.slice(0, Math.min(remaining, this.options.maxBatch ?? 200));
      const began = performance.now();
      try {
        await this.writeSplitting(batch);
        this.options.onBatch?.(batch.length, (performance.now() - began) / 1000);
      } catch (error) {
        this.options.onBatch?.(batch.length, (performance.now() - began) / 1000);
        // Parts of a split batch may be written already: they leave the buffer, the rest waits.
        if (this.settled.size > 0) this.buffer = this.buffer.filter((row) => !this.settled.has(row));
        this.settled.clear();
        this.failures += 1;
        const delay = Math.min(5_000, 100 * 2 ** this.failures);
        this.options.logger.warn('usage write failed; will retry', { error: describeWriteError(error), rows: this.buffer.length, retryInMs: delay });
        this.schedule(delay);
        throw error;
      }
      this.settled.clear();
      this.failures = 0;
      this.buffer.splice(0, batch.length);
      remaining -= batch.length;
    }
    if (this.buffer.length >= (this.options.maxBatch ?? 200)) setImmediate(() => void this.flush().catch(() => {}));
    else if (this.buffer.length > 0) this.schedule(this.options.flushMs);
  }

  /**
   * Writes `batch`; when the database refuses it for its data, writes each half on its own,
   * down to single rows, which `rescue` settles. Throws only outages, after which the rows not
   * settled yet are retried whole.
   */
  private async writeSplitting(batch: UsageRow[]): Promise<void> {
    try {
      const { balances } = await writeUsageBatch(this.db, batch);
      this.settle(batch, batch, balances);
    } catch (error) {
      if (!isRowError(error)) throw error;
      if (batch.length === 1) return this.rescue(batch[0], error);
      this.counters.splitBatches += 1;
      const middle = batch.length >> 1;
      await this.writeSplitting(batch.slice(0, middle));
      await this.writeSplitting(batch.slice(middle));
    }
  }

  /** One row the database refused: written without its free text if it can be, else dead-lettered. */
  private async rescue(row: UsageRow, refusal: unknown): Promise<void> {
    const reason = describeWriteError(refusal);
    const fields = { generationId: row.generationId, teamId: row.teamId, billedMicros: row.billedMicros ?? 0, code: reason.code, error: reason.message };
    const minimal = minimalUsageRow(row);
    try {
      const { balances } = await writeUsageBatch(this.db, [minimal]);
      this.counters.storedMinimal += 1;
      this.options.logger.warn('usage row refused; stored without its free text', fields);
      this.settle([row], [minimal], balances);
      return;
    } catch (error) {
      if (!isRowError(error)) throw error;
    }
    await insertDeadLetter(this.db, {
      generationId: row.generationId,
      teamId: row.teamId,
      rowBase64: Buffer.from(JSON.stringify(row)).toString('base64'),
      billedMicros: row.billedMicros ?? 0,
      errorCode: reason.code === null ? null : storableText(reason.code, 64),
      error: storableText(reason.message, 1_000),
    });
    this.counters.deadLettered += 1;
    this.options.logger.error('usage row refused by the database; kept in usage_dead_letters and not debited', fields);
    this.settle([row], [], new Map());
  }

  /** `rows` leave the pending totals and the spool; `written` (what reached usage_logs) go to listeners. */
  private settle(rows: UsageRow[], written: UsageRow[], balances: ReadonlyMap<string, number>) {
    for (const row of rows) {
      this.settled.add(row);
      const billed = row.billedMicros ?? 0;
      if (billed > 0) this.decrement(this.pendingByTeam, row.teamId, billed);
      if (row.apiKeyId && row.costMicros) {
        this.decrement(this.pendingByKey, row.apiKeyId, row.costMicros);
        if (written.length > 0) this.writtenByKey.set(row.apiKeyId, (this.writtenByKey.get(row.apiKeyId) ?? 0) + row.costMicros);
      }
      if (row.quotaEntityId) {
        const key = `${row.teamId}|${row.quotaEntityId}`;
        const current = this.pendingByEntity.get(key);
        if (current && current.requests <= 1) this.pendingByEntity.delete(key);
        else if (current) this.pendingByEntity.set(key, { micros: current.micros - (row.costMicros ?? 0), requests: current.requests - 1 });
      }
    }
    this.options.spool?.settle(rows);
    if (written.length > 0) for (const listener of this.listeners) listener(written, balances);
  }

  private decrement(map: Map<string, number>, id: string, amount: number) {
    const next = (map.get(id) ?? 0) - amount;
    if (next <= 0) map.delete(id);
    else map.set(id, next);
  }
}

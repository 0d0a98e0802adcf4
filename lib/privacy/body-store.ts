import type { Db } from '@/db/client';
import { insertGenerationBodies, pruneExpiredBodies, type GenerationBodyRow } from '@/db/queries/generation-bodies';
import type { Logger } from '../logger';
import { createRedactor, redactJson } from './redact';
import { summarizeStream } from './stream-summary';

/** Each of the request and the response is kept up to this many characters; longer ones are cut and flagged. */
export const BODY_CAPTURE_LIMIT = 256 * 1024;
/** Strings longer than this are shortened first when a body is over the limit, so what is kept stays valid JSON. */
const LONG_STRING = 4 * 1024;

/** What the pipeline hands over: references only; redaction and serialisation happen when the batch is written. */
export type BodyCapture = {
  generationId: string;
  teamId: string;
  patterns: readonly string[];
  /** The JSON text the client sent, and (below) the JSON text it got back or the bytes of its stream. */
  request: string;
  response: { kind: 'json'; text: string } | { kind: 'stream'; chunks: Uint8Array[]; cut: boolean } | undefined;
};

export type BodyStore = {
  capture(body: BodyCapture): void;
  /** An accumulator for a stream's client-facing bytes, up to the capture limit. */
  streamCollector(): { push(chunk: Uint8Array): void; result(): { kind: 'stream'; chunks: Uint8Array[]; cut: boolean } };
  flush(): Promise<void>;
  /** Deletes bodies past their team's retention, in batches; resolves to how many went. */
  sweep(): Promise<number>;
  close(): Promise<void>;
};

/** Whether this request's bodies may be stored: the instance allows it, the team opted in, and neither the team nor the request asked for zero data retention. */
export function storesBodies(instanceOn: boolean, settings: { storeBodies: boolean; zeroDataRetention: boolean }, options: { zeroDataRetention?: boolean }): boolean {
  return instanceOn && settings.storeBodies && !settings.zeroDataRetention && options.zeroDataRetention !== true;
}

function shorten(value: unknown): unknown {
  if (typeof value === 'string') return value.length > LONG_STRING ? `${value.slice(0, LONG_STRING)}… [cut: ${value.length} characters]` : value;
  if (Array.isArray(value)) return value.map(shorten);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shorten(item)]));
  return value;
}

/** A redacted value as stored text, within the limit: long strings shortened first, then cut outright. */
function bounded(value: unknown): { text: string; truncated: boolean } {
  const text = JSON.stringify(value) ?? 'null';
  if (text.length <= BODY_CAPTURE_LIMIT) return { text, truncated: false };
  const shorter = JSON.stringify(shorten(value)) ?? 'null';
  if (shorter.length <= BODY_CAPTURE_LIMIT) return { text: shorter, truncated: true };
  return { text: shorter.slice(0, BODY_CAPTURE_LIMIT), truncated: true };
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The row for one capture: every string redacted before anything is serialised. */
export function bodyRow(capture: BodyCapture): GenerationBodyRow {
  const redactor = createRedactor(capture.patterns);
  const count = { n: 0 };
  const request = bounded(redactJson(parseOr(capture.request.slice(0, BODY_CAPTURE_LIMIT * 4)), redactor, count));
  let response: { text: string; truncated: boolean } | undefined;
  let cut = false;
  if (capture.response?.kind === 'json') {
    response = bounded(redactJson(parseOr(capture.response.text.slice(0, BODY_CAPTURE_LIMIT * 4)), redactor, count));
  } else if (capture.response?.kind === 'stream') {
    cut = capture.response.cut;
    response = bounded(redactJson(summarizeStream(Buffer.concat(capture.response.chunks).toString('utf8')), redactor, count));
  }
  return {
    generationId: capture.generationId,
    teamId: capture.teamId,
    request: request.text,
    response: response?.text ?? null,
    truncated: request.truncated || (response?.truncated ?? false) || cut,
    redactions: count.n,
  };
}

/**
 * Writes captured bodies in batches off the request path. Best effort by design: a body is
 * context for people reading a generation, not a record anything is billed from, so a batch
 * that fails is logged and dropped, a full buffer drops new captures, and a crash loses the
 * bodies not yet written (usage rows have their own spool; bodies do not).
 */
export function createBodyStore(options: { db: Db; logger: Logger; flushMs?: number; maxBuffered?: number; maxBufferedChars?: number; now?: () => Date; sweepEveryMs?: number }): BodyStore {
  const maxBuffered = options.maxBuffered ?? 2_000;
  // Captures hold the client's whole request (up to the door's body limit) until written: bound the memory too.
  const maxBufferedChars = options.maxBufferedChars ?? 64 * 1024 * 1024;
  let buffer: BodyCapture[] = [];
  let bufferedChars = 0;
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let sweeping: Promise<number> | undefined;
  let closed = false;

  async function write(batch: BodyCapture[]) {
    const rows: GenerationBodyRow[] = [];
    for (const capture of batch) {
      try {
        rows.push(bodyRow(capture));
      } catch (error) {
        options.logger.warn('a generation body could not be prepared', { generationId: capture.generationId, error: String(error).slice(0, 200) });
      }
      // Redacting a body at the limit takes tens of milliseconds: let requests in between bodies.
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (let start = 0; start < rows.length; start += 50) {
      try {
        await insertGenerationBodies(options.db, rows.slice(start, start + 50));
      } catch (error) {
        options.logger.warn('generation bodies were not stored', { rows: Math.min(50, rows.length - start), error: String(error).slice(0, 200) });
      }
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = buffer;
    buffer = [];
    bufferedChars = 0;
    if (dropped > 0) options.logger.warn('generation bodies dropped: the body writer is behind', { bodies: dropped });
    dropped = 0;
    writing = writing.then(() => (batch.length ? write(batch) : undefined));
    return writing;
  }

  async function prune(): Promise<number> {
    let total = 0;
    for (;;) {
      if (closed) break;
      const deleted = await pruneExpiredBodies(options.db, options.now?.() ?? new Date(), 1_000);
      total += deleted;
      if (deleted < 1_000) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (total > 0) options.logger.info('deleted generation bodies past retention', { rows: total });
    return total;
  }

  const sweep = () => (sweeping ??= prune().finally(() => (sweeping = undefined)));
  const tick = () => void sweep().catch((error) => options.logger.warn('generation body retention sweep failed', { error: String(error).slice(0, 200) }));
  const every = options.sweepEveryMs ?? 3_600_000;
  const first = setTimeout(tick, Math.min(60_000, every));
  const hourly = setInterval(tick, every);
  first.unref?.();
  hourly.unref?.();

  return {
    capture(body) {
      if (closed) return;
      const chars = body.request.length + (body.response?.kind === 'json' ? body.response.text.length : body.response?.kind === 'stream' ? body.response.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0) : 0);
      if (buffer.length >= maxBuffered || bufferedChars + chars > maxBufferedChars) {
        dropped++;
        return;
      }
      bufferedChars += chars;
      buffer.push(body);
      timer ??= setTimeout(() => void flush(), options.flushMs ?? 1_000);
      timer.unref?.();
    },
    streamCollector() {
      const chunks: Uint8Array[] = [];
      let size = 0;
      let cut = false;
      return {
        push(chunk) {
          if (size >= BODY_CAPTURE_LIMIT) {
            cut = true;
            return;
          }
          chunks.push(chunk);
          size += chunk.byteLength;
        },
        result: () => ({ kind: 'stream', chunks, cut }),
      };
    },
    flush,
    sweep,
    async close() {
      closed = true;
      clearTimeout(first);
      clearInterval(hourly);
      await flush();
      await sweeping?.catch(() => undefined);
    },
  };
}

import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { UsageRow } from '@/db/queries/usage-logs';
import type { Logger } from '../logger';

/**
 * A crash of the process (kill -9, OOM kill) must lose no usage row of a response a client
 * received, yet the meter writes rows to the database in batches (GATEHOUSE_METER_FLUSH_MS apart). So each row is
 * also appended to a local file with one `write()` (no fsync) before it is buffered: the kernel's
 * page cache outlives the process, so only losing the machine itself can lose those lines.
 *
 * Layout, in one folder that several instances may share: `<owner>.lock` (JSON: pid, host;
 * its mtime is a heartbeat) and segments `<owner>.<seq>.jsonl` of lines `{"k":"row"|"start","r":row}`.
 * A `start` line is a stream's row as it would stand if the process died before the stream
 * ended; the `row` line with the same generation id supersedes it. A segment is deleted once
 * every row it holds is settled (written to the database or dead-lettered), and rotated past a
 * size. At start, `claimAbandonedSpool` takes over the segments of owners that are gone.
 *
 * Hand-written rather than a library: what is needed is one synchronous append per row on the
 * request path (a few µs) and deletion tied to the meter's own notion of "durable", which no
 * queue or log library on npm offers without its own threads, fsyncs or formats.
 */

const HEARTBEAT_MS = 10_000;
/** An owner whose lock was not touched for this long is gone (another host, or a frozen process). */
const STALE_MS = 60_000;
const MAX_SEGMENT_BYTES = 16 * 1024 * 1024;
/** A settled current segment is replaced once it is this big or this old, so files stay small. */
const ROTATE_SETTLED_BYTES = 1024 * 1024;
const ROTATE_SETTLED_MS = 60_000;

type Segment = { file: string; fd: number | undefined; bytes: number; outstanding: number; openedAt: number };
type SpoolLine = { k: 'row' | 'start'; r: UsageRow };

/** Spools open in this process: a lock with our pid but an owner not listed here is an earlier life of the pid. */
const ownersInThisProcess = new Set<string>();

const hostName = () => hostname().replace(/[^A-Za-z0-9-]/g, '-').slice(0, 64) || 'host';

export class UsageSpool {
  readonly owner: string;
  private readonly lockFile: string;
  private current: Segment | undefined;
  private sequence = 0;
  private readonly closedSegments = new Set<Segment>();
  /** Per generation id, the segments holding its `start` and final lines until the row is settled. */
  private readonly holders = new Map<string, { start?: Segment; final?: Segment }>();
  private readonly heartbeat: NodeJS.Timeout;
  private failed = false;
  private closed = false;

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
  ) {
    mkdirSync(dir, { recursive: true });
    this.owner = `${hostName()}-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.lockFile = path.join(dir, `${this.owner}.lock`);
    writeFileSync(this.lockFile, JSON.stringify({ pid: process.pid, host: hostName(), startedAt: new Date().toISOString() }));
    ownersInThisProcess.add(this.owner);
    this.heartbeat = setInterval(() => this.touch(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** A finished row. */
  append(row: UsageRow): void {
    this.write('row', row);
  }

  /** A stream's row as billed if the process dies before the stream ends. */
  started(row: UsageRow): void {
    this.write('start', row);
  }

  /** These rows are durable in the database (or dead-lettered): their lines are no longer needed. */
  settle(rows: UsageRow[]): void {
    const touched = new Set<Segment>();
    for (const row of rows) {
      const holder = this.holders.get(row.generationId);
      if (!holder) continue;
      this.holders.delete(row.generationId);
      for (const segment of [holder.start, holder.final]) {
        if (!segment) continue;
        segment.outstanding -= 1;
        touched.add(segment);
      }
    }
    for (const segment of touched) {
      if (segment.outstanding > 0) continue;
      if (segment !== this.current) this.remove(segment);
      else if (segment.bytes >= ROTATE_SETTLED_BYTES || Date.now() - segment.openedAt >= ROTATE_SETTLED_MS) {
        this.current = undefined;
        this.remove(segment);
      }
    }
  }

  /** Stops the heartbeat; settled segments and, when nothing is left, the lock go. The rest waits for the next start. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    ownersInThisProcess.delete(this.owner);
    if (this.current) {
      this.closedSegments.add(this.current);
      this.current = undefined;
    }
    for (const segment of [...this.closedSegments]) if (segment.outstanding <= 0) this.remove(segment);
    if (this.closedSegments.size === 0) unlinkQuietly(this.lockFile);
    else {
      for (const segment of this.closedSegments) closeQuietly(segment);
      this.logger.warn('usage spool kept rows not yet written; the next start replays them', { dir: this.dir, segments: this.closedSegments.size });
    }
  }

  private write(kind: SpoolLine['k'], row: UsageRow) {
    if (this.closed) return;
    const line = `${JSON.stringify({ k: kind, r: row })}\n`;
    let segment: Segment;
    try {
      segment = this.segment();
      writeSync(segment.fd!, line);
    } catch (error) {
      // The row still goes to the database; only crash safety is lost while the disk refuses.
      if (!this.failed) this.logger.error('usage spool write failed; rows are not crash-safe until it works again', { dir: this.dir, error: String(error) });
      this.failed = true;
      return;
    }
    if (this.failed) this.logger.info('usage spool writes again', { dir: this.dir });
    this.failed = false;
    segment.bytes += line.length;
    segment.outstanding += 1;
    const holder = this.holders.get(row.generationId) ?? {};
    // A line written twice for one generation (a replayed row) is settled once: drop the older hold.
    const previous = kind === 'start' ? holder.start : holder.final;
    if (previous) previous.outstanding -= 1;
    if (kind === 'start') holder.start = segment;
    else holder.final = segment;
    this.holders.set(row.generationId, holder);
    if (segment.bytes >= MAX_SEGMENT_BYTES) {
      closeQuietly(segment);
      this.closedSegments.add(segment);
      this.current = undefined;
    }
  }

  private segment(): Segment {
    if (this.current) return this.current;
    const file = path.join(this.dir, `${this.owner}.${String(this.sequence++).padStart(6, '0')}.jsonl`);
    this.current = { file, fd: openSync(file, 'a'), bytes: 0, outstanding: 0, openedAt: Date.now() };
    return this.current;
  }

  private remove(segment: Segment) {
    closeQuietly(segment);
    unlinkQuietly(segment.file);
    this.closedSegments.delete(segment);
  }

  private touch() {
    const now = new Date();
    try {
      utimesSync(this.lockFile, now, now);
    } catch {
      try {
        // Claimed by another instance that took us for dead (we were frozen past STALE_MS): take it back.
        writeFileSync(this.lockFile, JSON.stringify({ pid: process.pid, host: hostName(), startedAt: now.toISOString() }));
      } catch (error) {
        // The folder is gone or read-only: appends report it; a timer must not crash the process.
        this.logger.warn('usage spool lock could not be refreshed', { dir: this.dir, error: String(error) });
      }
    }
  }
}

function closeQuietly(segment: Segment) {
  if (segment.fd === undefined) return;
  try {
    closeSync(segment.fd);
  } catch {
    // Already closed.
  }
  segment.fd = undefined;
}

function unlinkQuietly(file: string) {
  try {
    unlinkSync(file);
  } catch {
    // Gone already.
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `owner` is gone: no lock, no heartbeat, or (on this host) no process. */
function abandoned(owner: string, lockFile: string): boolean {
  let lock: { pid?: number; host?: string };
  let touchedAt: number;
  try {
    touchedAt = statSync(lockFile).mtimeMs;
    lock = JSON.parse(readFileSync(lockFile, 'utf8')) as typeof lock;
  } catch {
    return true;
  }
  if (Date.now() - touchedAt > STALE_MS) return true;
  if (lock.host !== hostName() || typeof lock.pid !== 'number') return false;
  // Our own pid under an owner this process never opened is an earlier life of the pid (a container restarted).
  if (lock.pid === process.pid) return !ownersInThisProcess.has(owner);
  return !processAlive(lock.pid);
}

/**
 * Takes over the spool of every owner that is gone and returns its rows: the final row of each
 * generation, or its `start` row when the stream never ended. Segments are claimed by renaming
 * them into `self`'s name (atomic: instances starting together never both take one), so if this
 * process dies before they are written, the next start finds them again. The caller records the
 * rows (which spools them again under its own name) and then calls `release` to delete the old files.
 */
export function claimAbandonedSpool(self: UsageSpool): { rows: UsageRow[]; interrupted: number; owners: string[]; release(): void } {
  const files = readdirSync(self.dir);
  const owners = new Set(files.map((file) => file.slice(0, file.indexOf('.'))).filter((owner) => owner && owner !== self.owner));
  const claimed: string[] = [];
  const gone: string[] = [];
  for (const owner of owners) {
    const lockFile = path.join(self.dir, `${owner}.lock`);
    if (!abandoned(owner, lockFile)) continue;
    gone.push(owner);
    for (const file of files) {
      if (!file.startsWith(`${owner}.`) || !file.endsWith('.jsonl')) continue;
      const target = path.join(self.dir, `${self.owner}.claimed-${file}`);
      try {
        renameSync(path.join(self.dir, file), target);
        claimed.push(target);
      } catch {
        // Another instance claimed it first.
      }
    }
    unlinkQuietly(lockFile);
  }
  const byGeneration = new Map<string, { final?: UsageRow; start?: UsageRow }>();
  for (const file of claimed) {
    for (const text of readFileSync(file, 'utf8').split('\n')) {
      let line: SpoolLine;
      try {
        line = JSON.parse(text) as SpoolLine;
      } catch {
        // An empty or torn last line: the process died inside that write(), before its reply was sent.
        continue;
      }
      if (!line?.r?.generationId) continue;
      const row = { ...line.r, createdAt: line.r.createdAt ? new Date(line.r.createdAt as unknown as string) : undefined };
      const entry = byGeneration.get(row.generationId) ?? {};
      if (line.k === 'start') entry.start = row;
      else entry.final = row;
      byGeneration.set(row.generationId, entry);
    }
  }
  const rows: UsageRow[] = [];
  let interrupted = 0;
  for (const entry of byGeneration.values()) {
    if (entry.final) rows.push(entry.final);
    else if (entry.start) {
      rows.push(entry.start);
      interrupted += 1;
    }
  }
  return { rows, interrupted, owners: gone, release: () => claimed.forEach(unlinkQuietly) };
}

/**
 * At start, before serving: hands the rows of every gone owner to `meter` (which spools them
 * again under this process's name, so the old files can go at once) and writes them. The
 * generation id is the primary key and the debit is written with the row, so a row the
 * database already has is skipped and charged nothing twice. If the database is down, the rows
 * stay buffered and spooled, and are written like any other.
 */
export async function replayAbandonedSpool(
  spool: UsageSpool,
  meter: { record(row: UsageRow): void; flush(): Promise<void> },
  logger: Logger,
  holds?: { releaseOrphans(owners: string[]): Promise<void> },
): Promise<void> {
  const claim = claimAbandonedSpool(spool);
  for (const row of claim.rows) meter.record(row);
  claim.release();
  if (claim.rows.length > 0) {
    logger.warn('replaying usage rows spooled by a process that stopped', { rows: claim.rows.length, interrupted: claim.interrupted });
    try {
      await meter.flush();
    } catch (error) {
      // The replayed rows still hold their holds' money; releasing the rest now could let it be spent twice.
      logger.warn('spooled usage rows not written yet; will retry', { error: String((error as Error)?.message ?? error).slice(0, 200) });
      return;
    }
  }
  // What the replayed rows did not release belongs to requests that died before spooling a row.
  await holds?.releaseOrphans(claim.owners);
}

/** GATEHOUSE_SPOOL_DIR, else `<data dir>/spool`; none for an in-memory data dir, or when set to `off`. */
export function spoolDirectory(env: { GATEHOUSE_SPOOL_DIR?: string; GATEHOUSE_DATA_DIR: string }): string | undefined {
  if (env.GATEHOUSE_SPOOL_DIR) return env.GATEHOUSE_SPOOL_DIR === 'off' ? undefined : path.resolve(env.GATEHOUSE_SPOOL_DIR);
  if (env.GATEHOUSE_DATA_DIR.startsWith('memory://')) return undefined;
  return path.resolve(env.GATEHOUSE_DATA_DIR, 'spool');
}

/**
 * The spool in `dir`, or none when the folder cannot be written (a read-only filesystem): the
 * gateway then serves as before, without crash safety, and says so loudly rather than not start.
 */
export function openUsageSpool(dir: string | undefined, logger: Logger): UsageSpool | undefined {
  if (!dir) return undefined;
  try {
    return new UsageSpool(dir, logger);
  } catch (error) {
    logger.error('usage spool unavailable: a crash of this process would lose the usage rows not yet written (set GATEHOUSE_SPOOL_DIR to a writable folder)', { dir, error: String(error) });
    return undefined;
  }
}

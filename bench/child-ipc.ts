/**
 * The child side of the benchmark's IPC: every server under test runs in a process of its
 * own (forked by bench/children.ts) and answers `stats` requests with its own CPU time and
 * memory, so the load generator's work never counts against the server.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export type ProcessStats = {
  /** process.cpuUsage(), microseconds since the process started. */
  cpuUserUs: number;
  cpuSystemUs: number;
  /** Peak resident set size over the process's life, bytes. */
  maxRssBytes: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Event-loop delay since the previous stats request, ms (how long a ready callback had to wait). */
  loopDelay: { p50: number; p99: number; max: number };
  /** Whatever the child adds (request counters, buffered rows, ...). */
  extra: Record<string, unknown>;
};

export type StatsRequest = { type: 'stats'; id: number; gc?: boolean };
/** Start or stop a V8 CPU profile of this process (bench/profile.ts); `stop` writes it to `file`. */
export type ProfileRequest = { type: 'profile'; id: number; action: 'start' | 'stop'; file?: string };

let session: Session | undefined;

/**
 * BENCH_PROF_KIND=alloc samples allocations (every BENCH_PROF_ALLOC_BYTES, default 1 KiB) instead of CPU,
 * garbage included; BENCH_PROF_KIND=survivors keeps only what outlived young-generation collections
 * (what the scavenger copies and promotes).
 */
const allocationProfile = process.env.BENCH_PROF_KIND === 'alloc' || process.env.BENCH_PROF_KIND === 'survivors';

async function profile(request: ProfileRequest): Promise<void> {
  if (request.action === 'start') {
    session = new Session();
    session.connect();
    if (allocationProfile) {
      await session.post('HeapProfiler.enable');
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: Number(process.env.BENCH_PROF_ALLOC_BYTES) || 1024,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: process.env.BENCH_PROF_KIND === 'alloc',
      } as never);
      return;
    }
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_PROF_INTERVAL_US) || 100 });
    await session.post('Profiler.start');
    return;
  }
  if (!session) throw new Error('no profile was started');
  const { profile: result } = allocationProfile ? await session.post('HeapProfiler.stopSampling') : await session.post('Profiler.stop');
  session.disconnect();
  session = undefined;
  writeFileSync(request.file!, JSON.stringify(result));
}

type GcGlobal = typeof globalThis & { gc?: () => void };

const loop = monitorEventLoopDelay({ resolution: 10 });

/** Current stats of this process; `gc` first runs a full collection (needs --expose-gc). */
export function processStats(extra: Record<string, unknown> = {}, gc = false): ProcessStats {
  if (gc) (globalThis as GcGlobal).gc?.();
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  const loopDelay = loop.count > 0 ? { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) } : { p50: 0, p99: 0, max: 0 };
  loop.reset();
  return {
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    // resourceUsage().maxRSS is in kilobytes.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    loopDelay,
    extra,
  };
}

/**
 * Announces `info` (at least `url`) to the parent and serves stats requests until the parent
 * goes away. `extra` may be async (e.g. a database count) and is awaited before answering.
 */
export function serveChild(
  info: { url: string } & Record<string, unknown>,
  extra: (gc: boolean) => Record<string, unknown> | Promise<Record<string, unknown>> = () => ({}),
  /** Runs before CPU is read: work the server would do a little later for the requests served (Gatehouse's usage writes) lands in the round that caused it. */
  beforeStats?: () => Promise<unknown>,
): void {
  if (!process.send) throw new Error('This file is meant to be forked by bench/run.ts (no IPC channel).');
  loop.enable();
  process.on('message', (message: StatsRequest | ProfileRequest) => {
    if (message?.type === 'profile') {
      profile(message).then(
        () => process.send!({ type: 'profile', id: message.id }),
        (error: unknown) => process.send!({ type: 'profile', id: message.id, error: String(error) }),
      );
      return;
    }
    if (message?.type !== 'stats') return;
    void (async () => {
      await beforeStats?.().catch(() => undefined);
      // CPU and memory first, so the bookkeeping in `extra` is not charged to the measured round.
      const stats = processStats({}, Boolean(message.gc));
      try {
        stats.extra = await extra(Boolean(message.gc));
      } catch (error) {
        stats.extra = { statsError: String(error) };
      }
      process.send!({ type: 'stats', id: message.id, stats });
    })();
  });
  // The parent died or closed the channel: do not linger as an orphan.
  process.on('disconnect', () => process.exit(0));
  // Exit normally on SIGTERM so --cpu-prof (BENCH_CPU_PROF=1) can write its profile.
  process.on('SIGTERM', () => process.exit(0));
  process.send({ type: 'ready', ...info });
}

/** Reports a startup failure to the parent and exits. */
export function failChild(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${message}\n`);
  if (!process.send) process.exit(1);
  process.send({ type: 'failed', message }, () => process.exit(1));
}

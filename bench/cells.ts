/**
 * Results bookkeeping: one cell per (scenario, target), accumulated over interleaved rounds,
 * then summarised into the numbers the report prints.
 */
import type { LoadResult } from './load';
import { percentile } from './load';

export type Mode = 'json' | 'stream';

export type Cell = {
  target: string;
  mode: Mode;
  concurrency: number;
  rounds: number;
  completed: number;
  ok: number;
  non200: Record<string, number>;
  badBody: number;
  networkErrors: number;
  samples: string[];
  elapsedMs: number;
  /** CPU time of the server process under test (for `direct`, the fake upstream itself). */
  serverCpuUs: number;
  /** CPU time of the fake upstream while this target was measured. */
  upstreamCpuUs: number;
  /** CPU time of the load generator (this process). */
  loadCpuUs: number;
  /** Requests the fake upstream received while this target was measured. */
  upstreamCalls: number;
  /** Largest RSS of the server process seen right after a round. */
  rssBytes: number;
  /** Peak RSS of the server process over the cell (warm-up included; life-time peak where /proc clear_refs is refused). */
  maxRssBytes: number;
  /** Worst event-loop delay of the server process over the rounds, ms. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  latencies: number[];
  ttfb: number[];
  /** ok/s and server CPU µs per request of each round, to show how noisy the cell is. */
  roundRates: number[];
  roundCpu: number[];
  /** os.loadavg() (1, 5, 15 min) when the cell ended. */
  loadAverage: number[];
};

export type CellSummary = {
  target: string;
  mode: Mode;
  concurrency: number;
  rounds: number;
  seconds: number;
  completed: number;
  ok: number;
  failed: number;
  non200: Record<string, number>;
  badBody: number;
  networkErrors: number;
  samples: string[];
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  ttfbMs: { p50: number; p90: number; p99: number };
  serverCpuUsPerRequest: number;
  upstreamCpuUsPerRequest: number;
  loadGeneratorCpuUsPerRequest: number;
  upstreamCalls: number;
  /** upstreamCalls − completed; should be 0 (a gateway retry or a lost request shows here). */
  upstreamCallsMismatch: number;
  rssMB: number;
  peakRssMB: number;
  serverLoopDelayMs: { p99: number; max: number };
  /** Coefficient of variation across rounds, % (standard deviation ÷ mean). */
  noisePercent: { requestsPerSecond: number; serverCpuUsPerRequest: number };
  loadAverage: number[];
};

export function newCell(target: string, mode: Mode, concurrency: number): Cell {
  return {
    target,
    mode,
    concurrency,
    rounds: 0,
    completed: 0,
    ok: 0,
    non200: {},
    badBody: 0,
    networkErrors: 0,
    samples: [],
    elapsedMs: 0,
    serverCpuUs: 0,
    upstreamCpuUs: 0,
    loadCpuUs: 0,
    upstreamCalls: 0,
    rssBytes: 0,
    maxRssBytes: 0,
    loopDelayP99Ms: 0,
    loopDelayMaxMs: 0,
    latencies: [],
    ttfb: [],
    roundRates: [],
    roundCpu: [],
    loadAverage: [],
  };
}

export function addRound(cell: Cell, load: LoadResult, measured: { serverCpuUs: number; upstreamCpuUs: number; loadCpuUs: number; upstreamCalls: number; rssBytes: number; maxRssBytes: number; loopDelay: { p99: number; max: number } }): void {
  cell.rounds++;
  cell.completed += load.completed;
  cell.ok += load.ok;
  for (const [status, n] of Object.entries(load.non200)) cell.non200[status] = (cell.non200[status] ?? 0) + n;
  cell.badBody += load.badBody;
  cell.networkErrors += load.networkErrors;
  for (const sample of load.samples) if (cell.samples.length < 5) cell.samples.push(sample);
  cell.elapsedMs += load.elapsedMs;
  cell.serverCpuUs += measured.serverCpuUs;
  cell.upstreamCpuUs += measured.upstreamCpuUs;
  cell.loadCpuUs += measured.loadCpuUs;
  cell.upstreamCalls += measured.upstreamCalls;
  cell.rssBytes = Math.max(cell.rssBytes, measured.rssBytes);
  cell.maxRssBytes = Math.max(cell.maxRssBytes, measured.maxRssBytes);
  cell.loopDelayP99Ms = Math.max(cell.loopDelayP99Ms, measured.loopDelay.p99);
  cell.loopDelayMaxMs = Math.max(cell.loopDelayMaxMs, measured.loopDelay.max);
  for (const value of load.latencies) cell.latencies.push(value);
  for (const value of load.ttfb) cell.ttfb.push(value);
  cell.roundRates.push(load.ok / (load.elapsedMs / 1000));
  if (load.completed > 0) cell.roundCpu.push(measured.serverCpuUs / load.completed);
}

/** Standard deviation over mean, %; NaN with fewer than two values. */
function variation(values: number[]): number {
  if (values.length < 2) return Number.NaN;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  return mean > 0 ? (Math.sqrt(variance) / mean) * 100 : Number.NaN;
}

const round = (value: number, digits = 2) => (Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : null) as number;
const MB = 1024 * 1024;

export function summarize(cell: Cell): CellSummary {
  const latencies = [...cell.latencies].sort((a, b) => a - b);
  const ttfb = [...cell.ttfb].sort((a, b) => a - b);
  const perRequest = (us: number) => (cell.completed > 0 ? round(us / cell.completed, 1) : (null as unknown as number));
  return {
    target: cell.target,
    mode: cell.mode,
    concurrency: cell.concurrency,
    rounds: cell.rounds,
    seconds: round(cell.elapsedMs / 1000, 3),
    completed: cell.completed,
    ok: cell.ok,
    failed: cell.completed - cell.ok + cell.networkErrors,
    non200: cell.non200,
    badBody: cell.badBody,
    networkErrors: cell.networkErrors,
    samples: cell.samples,
    requestsPerSecond: round(cell.ok / (cell.elapsedMs / 1000), 0),
    latencyMs: {
      p50: round(percentile(latencies, 50), 3),
      p90: round(percentile(latencies, 90), 3),
      p99: round(percentile(latencies, 99), 3),
      max: round(latencies.at(-1) ?? Number.NaN, 3),
    },
    ttfbMs: { p50: round(percentile(ttfb, 50), 3), p90: round(percentile(ttfb, 90), 3), p99: round(percentile(ttfb, 99), 3) },
    serverCpuUsPerRequest: perRequest(cell.serverCpuUs),
    upstreamCpuUsPerRequest: perRequest(cell.upstreamCpuUs),
    loadGeneratorCpuUsPerRequest: perRequest(cell.loadCpuUs),
    upstreamCalls: cell.upstreamCalls,
    upstreamCallsMismatch: cell.upstreamCalls - cell.completed,
    rssMB: round(cell.rssBytes / MB, 1),
    peakRssMB: round(cell.maxRssBytes / MB, 1),
    serverLoopDelayMs: { p99: round(cell.loopDelayP99Ms, 2), max: round(cell.loopDelayMaxMs, 2) },
    noisePercent: { requestsPerSecond: round(variation(cell.roundRates), 1), serverCpuUsPerRequest: round(variation(cell.roundCpu), 1) },
    loadAverage: cell.loadAverage.map((value) => round(value, 2)),
  };
}

/** Markdown report of a benchmark run (printed to stdout; the same data goes to latest.json). */
import type { CellSummary, Mode } from './cells';
import type { Check } from './targets';

export type Ratios = Array<{
  mode: Mode;
  concurrency: number;
  /** The bare proxy the ratios compare with: the leaner of the two in this cell. */
  floor: string | null;
  throughputVsBare: number | null;
  /** Gatehouse's req/s over Portkey's, when Portkey was measured in this mode. */
  throughputVsPortkey: number | null;
  gatehouseCpuUsPerRequest: number;
  cpuVsBare: number | null;
  extraCpuUsVsBare: number | null;
  latencyP50DeltaMs: number | null;
  ttfbP50DeltaMs: number | null;
  ttfbP99DeltaMs: number | null;
}>;

/** A mode's warm-up of one target: its CPU per request in each window, in order (see bench/run.ts, config.modeWarmup). */
export type WarmUp = { target: string; mode: Mode; concurrency: number; windowMs: number; cpuUsPerRequest: number[]; loadAverage: number[] };

/** Peak RSS of every process over one cell (MB), or its RSS for the idle and console rows. */
export type MemoryRow = { label: string; loadAverage: number[]; peakMB: Record<string, number> };

type Results = {
  machine: { cpus: number; cpuModel?: string; node: string };
  database: string;
  config: { rounds: Record<string, number>; roundMs: Record<string, number>; quick: boolean; strict: boolean; chunkDelayMs: number };
  cells: CellSummary[];
  ratios: Ratios;
  memoryRows: MemoryRow[];
  warmUps: WarmUp[];
  metricsCpuRatio: number | null;
  checks: Check[];
  processes: Record<string, unknown>;
  problems: string[];
  notes: string[];
};

const fixed = (value: number | null | undefined, digits: number) => (value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));
const signed = (value: number | null | undefined, digits: number) => (value === null || value === undefined || !Number.isFinite(value) ? '–' : `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`);
const int = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? '–' : Math.round(value).toLocaleString('en-US'));

function table(header: string[], rows: string[][]): string {
  const align = header.map((_, index) => (index < 3 ? '---' : '---:'));
  // (the first three columns are labels; the rest are numbers, right-aligned)
  return [header, align, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

export function printReport(results: Results): void {
  const out: string[] = [];
  const { machine, config } = results;
  out.push(`## Gatehouse load benchmark${config.quick ? ' (quick)' : ''}`);
  out.push('');
  const rounds = Object.entries(config.rounds).map(([concurrency, n]) => `c${concurrency}: ${n}`).join(', ');
  const lengths = Object.entries(config.roundMs).map(([cell, ms]) => `${cell} ${ms / 1000} s`).join(', ');
  out.push(`${machine.cpus} × ${machine.cpuModel ?? 'CPU'}, Node ${machine.node}; Gatehouse on ${results.database === 'postgres' ? 'PostgreSQL' : 'PGlite'}; streams paced at ${config.chunkDelayMs} ms per event.`);
  out.push(`Interleaved rounds per target and cell (${rounds}) of ${lengths}.`);
  out.push('Latency and TTFB in ms; CPU is each process\'s own CPU time per request (user + system). For `direct`, "server" is the fake upstream itself. Noise: spread of req/s and CPU µs/req across rounds (standard deviation ÷ mean). Load: the machine\'s 1/5/15-minute load average at the end of the cell.');
  out.push('');
  out.push(
    table(
      ['mode', 'conc', 'target', 'req/s', 'p50', 'p99', 'TTFB p50', 'TTFB p99', 'server CPU µs/req', 'upstream CPU µs/req', 'loadgen CPU µs/req', 'server loop delay p99 / max', 'peak RSS MB', 'noise req/s / CPU %', 'load', 'failed', 'upstream calls'],
      results.cells.map((cell) => [
        cell.mode,
        String(cell.concurrency),
        cell.target,
        int(cell.requestsPerSecond),
        fixed(cell.latencyMs.p50, 2),
        fixed(cell.latencyMs.p99, 2),
        cell.mode === 'stream' ? fixed(cell.ttfbMs.p50, 2) : '',
        cell.mode === 'stream' ? fixed(cell.ttfbMs.p99, 2) : '',
        int(cell.serverCpuUsPerRequest),
        cell.target === 'direct' ? '(same)' : int(cell.upstreamCpuUsPerRequest),
        int(cell.loadGeneratorCpuUsPerRequest),
        `${fixed(cell.serverLoopDelayMs.p99, 1)} / ${fixed(cell.serverLoopDelayMs.max, 1)}`,
        fixed(cell.peakRssMB, 0),
        `${fixed(cell.noisePercent.requestsPerSecond, 1)} / ${fixed(cell.noisePercent.serverCpuUsPerRequest, 1)}`,
        cell.loadAverage.map((value) => value.toFixed(2)).join(' / '),
        cell.failed === 0 ? '0' : `**${cell.failed}**`,
        cell.upstreamCallsMismatch === 0 ? int(cell.upstreamCalls) : `**${int(cell.upstreamCalls)} (${signed(cell.upstreamCallsMismatch, 0)})**`,
      ]),
    ),
  );
  out.push('');
  out.push('### Ratios (Gatehouse vs the floor: the leaner bare proxy in each cell)');
  out.push('');
  out.push(
    table(
      ['mode', 'conc', 'floor', 'GH ÷ bare req/s', 'GH ÷ Portkey req/s', 'GH CPU µs/req', 'GH ÷ bare CPU', 'GH − bare CPU µs/req', 'GH − bare p50 ms', 'GH − bare TTFB p50 ms', 'GH − bare TTFB p99 ms'],
      results.ratios.map((ratio) => [
        ratio.mode,
        String(ratio.concurrency),
        ratio.floor ?? '–',
        fixed(ratio.throughputVsBare, 2),
        fixed(ratio.throughputVsPortkey, 2),
        int(ratio.gatehouseCpuUsPerRequest),
        fixed(ratio.cpuVsBare, 2),
        signed(ratio.extraCpuUsVsBare, 0),
        signed(ratio.latencyP50DeltaMs, 2),
        ratio.mode === 'stream' ? signed(ratio.ttfbP50DeltaMs, 2) : '',
        ratio.mode === 'stream' ? signed(ratio.ttfbP99DeltaMs, 2) : '',
      ]),
    ),
  );
  out.push('');
  if (results.warmUps.length > 0) {
    const first = results.warmUps[0];
    out.push(`### Warm-up: server CPU µs per request in each ${first.windowMs / 1000} s window at c${first.concurrency}, before each mode's first cell`);
    out.push('');
    out.push('A cold process first, then what the rounds above measure. Not a target; a restarted instance pays the first windows once.');
    out.push('');
    const windows = Math.max(...results.warmUps.map((warmUp) => warmUp.cpuUsPerRequest.length));
    out.push(
      table(
        ['mode', 'target', 'load', ...Array.from({ length: windows }, (_, index) => `window ${index + 1}`), 'first ÷ last'],
        results.warmUps.map((warmUp) => [
          warmUp.mode,
          warmUp.target,
          warmUp.loadAverage.map((value) => value.toFixed(2)).join(' / '),
          ...Array.from({ length: windows }, (_, index) => int(warmUp.cpuUsPerRequest[index])),
          fixed(warmUp.cpuUsPerRequest[0] / warmUp.cpuUsPerRequest[warmUp.cpuUsPerRequest.length - 1], 2),
        ]),
      ),
    );
    out.push('');
  }
  out.push('### Memory: peak RSS per cell, every process (MB)');
  out.push('');
  const names = [...new Set(results.memoryRows.flatMap((row) => Object.keys(row.peakMB)))];
  out.push(
    table(
      ['cell', 'load', '', ...names],
      results.memoryRows.map((row) => [row.label, row.loadAverage.map((value) => value.toFixed(2)).join(' / '), '', ...names.map((name) => fixed(row.peakMB[name], 0))]),
    ),
  );
  out.push('');
  out.push('The idle and console rows show RSS then, not a peak. Gatehouse is one process, compiled as `npm run build` compiles it: its PGlite worker is a thread of it.');
  out.push('');
  out.push('### Against the targets (issue 14)');
  out.push('');
  out.push(table(['target', 'cell', '', 'measured', 'limit', 'result'], results.checks.map((check) => [check.target, check.cell, '', check.value, check.limit, check.status === 'FAIL' ? '**FAIL**' : check.status])));
  const count = (status: Check['status']) => results.checks.filter((check) => check.status === status).length;
  out.push('');
  out.push(`Targets: ${count('PASS')} PASS, ${count('FAIL')} FAIL, ${count('SKIP')} SKIP (not measured in this run).${count('FAIL') > 0 ? (config.strict ? ' --strict: exit code 2.' : ' Missed targets do not change the exit code without --strict.') : ''}`);
  out.push('');
  out.push('### Processes');
  out.push('');
  out.push(
    table(
      ['process', 'requests', 'ok', 'peak RSS MB', 'RSS start → end MB', 'heap after GC start → end MB', 'stderr lines'],
      Object.entries(results.processes).map(([name, value]) => {
        const p = value as Record<string, number | undefined>;
        return [
          name,
          int(p.requests),
          int(p.ok),
          fixed(p.peakRssMB, 0),
          p.rssStartMB === undefined ? '–' : `${fixed(p.rssStartMB, 0)} → ${fixed(p.rssEndMB, 0)}`,
          p.heapAfterGcStartMB === undefined ? '–' : `${fixed(p.heapAfterGcStartMB, 1)} → ${fixed(p.heapAfterGcEndMB, 1)}`,
          int(p.stderrLines),
        ];
      }),
    ),
  );
  const gatehouse = results.processes.gatehouse as { extra?: Record<string, unknown> } | undefined;
  if (gatehouse?.extra) out.push('', `Gatehouse metering: ${JSON.stringify(gatehouse.extra)}`);
  out.push('');
  if (results.problems.length === 0) out.push('**Checks passed:** every measured response was 200 with the expected reply, the upstream saw one call per response, and Gatehouse wrote one usage row per request.');
  else out.push('**Problems:**', ...results.problems.map((problem) => `- ${problem}`));
  if (results.notes.length > 0) out.push('', 'Notes:', ...results.notes.map((note) => `- ${note}`));
  process.stdout.write(`${out.join('\n')}\n`);
}

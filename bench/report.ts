/** Markdown report of a benchmark run (printed to stdout; the same data goes to latest.json). */
import type { CellSummary, Mode } from './cells';

export type Ratios = Array<{
  mode: Mode;
  concurrency: number;
  throughputVsBare: number | null;
  throughputVsDirect: number | null;
  /** Gatehouse's req/s over Portkey's, when Portkey was measured in this mode. */
  throughputVsPortkey: number | null;
  gatehouseCpuUsPerRequest: number;
  extraCpuUsVsBare: number | null;
  latencyP50DeltaMs: number | null;
  ttfbP50DeltaMs: number | null;
  ttfbP99DeltaMs: number | null;
}>;

type Results = {
  machine: { cpus: number; cpuModel?: string; node: string };
  config: { rounds: number; roundMs: number; quick: boolean };
  cells: CellSummary[];
  ratios: Ratios;
  processes: Record<string, unknown>;
  problems: string[];
  notes: string[];
};

const fixed = (value: number | null | undefined, digits: number) => (value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));
const signed = (value: number | null | undefined, digits: number) => (value === null || value === undefined || !Number.isFinite(value) ? '–' : `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`);
const int = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? '–' : Math.round(value).toLocaleString('en-US'));

/** "yes (2.41×)" / "**no** (1.80×)", or "–" when the run did not measure it. */
function verdict(value: number | null | undefined, meets: (value: number) => boolean, show: (value: number) => string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return meets(value) ? `yes (${show(value)})` : `**no** (${show(value)})`;
}

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
  out.push(`${machine.cpus} × ${machine.cpuModel ?? 'CPU'}, Node ${machine.node}; ${config.rounds} interleaved round(s) of ${config.roundMs / 1000} s per target and scenario.`);
  out.push('Latency and TTFB in ms; CPU is each process\'s own CPU time per request (user + system). For `direct`, "server" is the fake upstream itself.');
  out.push('');
  out.push(
    table(
      ['mode', 'conc', 'target', 'req/s', 'p50', 'p99', 'TTFB p50', 'TTFB p99', 'server CPU µs/req', 'upstream CPU µs/req', 'loadgen CPU µs/req', 'server loop delay p99 / max', 'RSS MB', 'failed', 'upstream calls'],
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
        fixed(cell.rssMB, 0),
        cell.failed === 0 ? '0' : `**${cell.failed}**`,
        cell.upstreamCallsMismatch === 0 ? int(cell.upstreamCalls) : `**${int(cell.upstreamCalls)} (${signed(cell.upstreamCallsMismatch, 0)})**`,
      ]),
    ),
  );
  out.push('');
  out.push('### Ratios (Gatehouse vs the bare node:http proxy)');
  out.push('');
  out.push(
    table(
      ['mode', 'conc', '', 'GH ÷ bare req/s', 'GH ÷ direct req/s', 'GH ÷ Portkey req/s', 'GH CPU µs/req', 'GH − bare CPU µs/req', 'GH − bare p50 ms', 'GH − bare TTFB p50 ms', 'GH − bare TTFB p99 ms'],
      results.ratios.map((ratio) => [
        ratio.mode,
        String(ratio.concurrency),
        '',
        fixed(ratio.throughputVsBare, 2),
        fixed(ratio.throughputVsDirect, 2),
        fixed(ratio.throughputVsPortkey, 2),
        int(ratio.gatehouseCpuUsPerRequest),
        signed(ratio.extraCpuUsVsBare, 0),
        signed(ratio.latencyP50DeltaMs, 2),
        ratio.mode === 'stream' ? signed(ratio.ttfbP50DeltaMs, 2) : '',
        ratio.mode === 'stream' ? signed(ratio.ttfbP99DeltaMs, 2) : '',
      ]),
    ),
  );
  out.push('');
  out.push('### Against the bar');
  out.push('');
  out.push('The targets set for Gatehouse with authentication, routing, metering and logging on: at least twice Portkey\'s throughput, under 500 µs of CPU per request, and streaming time to first byte within 2 ms of the bare proxy at p50.');
  out.push('');
  out.push(
    table(
      ['mode', 'conc', '', '≥ 2 × Portkey req/s', '< 500 µs CPU/req', 'TTFB p50 ≤ bare + 2 ms'],
      results.ratios.map((ratio) => [
        ratio.mode,
        String(ratio.concurrency),
        '',
        verdict(ratio.throughputVsPortkey, (value) => value >= 2, (value) => `${value.toFixed(2)}×`),
        verdict(ratio.gatehouseCpuUsPerRequest, (value) => value < 500, (value) => `${Math.round(value)} µs`),
        ratio.mode === 'stream' ? verdict(ratio.ttfbP50DeltaMs, (value) => value <= 2, (value) => `${signed(value, 2)} ms`) : '',
      ]),
    ),
  );
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

/**
 * Gatehouse load benchmark: `npm run bench` (full) or `npm run bench -- --quick` (smoke);
 * `--strict` also fails (exit 2) when a performance target of issue 14 is missed.
 *
 * Starts, each in a process of its own on 127.0.0.1: the fake upstream (test/fake-upstream,
 * streams paced per chunk), two bare pass-through proxies (node:http pipe and undici; the leaner
 * is the floor), Gatehouse's lean server, and Portkey's gateway if @portkey-ai/gateway is
 * installed. This process only generates load (undici, keep-alive) and reads each server's own
 * CPU time over IPC (or /proc) and its memory from /proc.
 *
 * For JSON and streaming chat completions at each concurrency, every target is warmed up,
 * then measured in interleaved rounds (round-robin, rotating the order each round). Every
 * response is checked (200 and the fake's reply text) and the fake upstream's call count
 * is compared with the responses. See bench/README.md for how to read the results.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addRound, newCell, summarize, type Cell, type CellSummary, type Mode } from './cells';
import type { ProcessStats } from './child-ipc';
import { gatehouseNodeFlags, memoryOf, repoRoot, resetPeakRss, startChild, type ServerChild } from './children';
import { runLoad, type LoadSpec } from './load';
import { gatehouseTarget, loopbackProblems, OWN_TARGETS, startGatehouse, startPeers, startPortkey, target as makeTarget, type Target } from './peers';
import { printReport, type MemoryRow, type Ratios, type WarmUp } from './report';
import { checkTargets, floorOf, type MemoryFigures } from './targets';

const args = new Set(process.argv.slice(2));
if (args.has('--help') || args.has('-h')) {
  process.stdout.write(
    'Usage: npm run bench [-- --quick] [-- --strict]\n  --quick   concurrency 16 only, one 1 s round per target (smoke run)\n  --strict  exit 2 when a performance target is missed (a failed correctness check always exits 1)\n',
  );
  process.exit(0);
}
const quick = args.has('--quick');
const strict = args.has('--strict');

const config = {
  quick,
  strict,
  modes: ['json', 'stream'] as Mode[],
  concurrencies: quick ? [16] : [1, 16, 64],
  /**
   * Interleaved rounds per target and cell, and their length; results are pooled. c64 gets
   * more and longer rounds (it is the noisiest cell on a shared machine), and streaming at c1
   * longer ones (a paced stream takes over 100 ms, so a 1 s round holds only a few).
   */
  rounds: (concurrency: number) => (quick ? 1 : concurrency >= 64 ? 5 : 3),
  roundMs: (mode: Mode, concurrency: number) => (quick ? 1_000 : concurrency >= 64 || (mode === 'stream' && concurrency === 1) ? 2_000 : 1_000),
  /** A round also ends after this many requests. */
  maxRequestsPerRound: 50_000,
  /** Each cell's own warm-up, per target, at the cell's concurrency. */
  warmupMs: quick ? 1_500 : 2_000,
  /**
   * Before a mode's first cell, each target serves that mode at c64 in windows of this length,
   * so the rounds measure the steady state a serving instance runs in. A cell's 2 s warm-up
   * alone was not enough: V8 was still optimising Gatehouse's larger code through the c1
   * rounds that came first (CPU per request fell from 1,149 to about 420 µs over six rounds,
   * the bare pipe's stayed near 260). The windows' CPU per request is reported: the first is
   * the cost of a cold process, the last what the rounds then measure.
   */
  modeWarmup: { concurrency: 64, windowMs: 2_000, windows: quick ? 0 : 4 },
  /**
   * Unmeasured load just before each round: a target sits idle for several seconds while the
   * others run theirs, and a V8 process resuming from idle pays for it (the memory reducer's
   * collections, recompiling flushed functions). A serving instance does not; in short rounds
   * (a c1 stream round holds ~13 streams) that cost landed on a few requests.
   */
  rewarmMs: 300,
  /**
   * Quiet time after each round before the server's CPU is read, so work a server defers is
   * charged to the requests that caused it (Gatehouse's child also writes its pending usage rows
   * before answering, see bench/gatehouse-server.ts).
   */
  settleMs: 350,
  /** The fake upstream waits this long between SSE events, as a real model streams tokens (BENCH_CHUNK_DELAY_MS). */
  chunkDelayMs: Math.min(200, Math.max(0, Number(process.env.BENCH_CHUNK_DELAY_MS ?? 25) || 0)),
  /** The cell that runs Gatehouse with its metrics on and off. */
  metricsCell: { mode: 'json' as Mode, concurrency: 16 },
};

const EXPECTED_TEXT = 'Hello from fake!'; // defaultText('fake') of test/fake-upstream
const PATH = '/v1/chat/completions';
const MB = 1024 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuUs = (stats: ProcessStats) => stats.cpuUserUs + stats.cpuSystemUs;

function body(model: string, stream: boolean): string {
  // Streams ask for the usage chunk, as a metering client does (and as Gatehouse asks its upstream),
  // so every target gets the same number of paced events.
  const streaming = stream ? { stream: true, stream_options: { include_usage: true } } : {};
  return JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello to the benchmark.' }], ...streaming });
}

function spec(target: Target, mode: Mode, concurrency: number, durationMs: number, maxRequests: number): LoadSpec {
  const stream = mode === 'stream';
  return {
    url: target.url + PATH,
    headers: { 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json', ...target.headers },
    body: body(target.model, stream),
    stream,
    concurrency,
    durationMs,
    maxRequests,
    agent: target.agent,
    expectedText: EXPECTED_TEXT,
  };
}

/** One request per mode; a target that fails is left out of that mode. */
async function smokeCheck(target: Target, problems: string[], notes: string[]): Promise<void> {
  for (const mode of config.modes) {
    const check = await runLoad(spec(target, mode, 1, 10_000, 1));
    target.totalCompleted += check.completed;
    target.totalOk += check.ok;
    if (check.ok === 1) continue;
    const why = check.samples[0] ?? 'no response';
    (OWN_TARGETS.has(target.name) ? problems : notes).push(`${target.name} failed the ${mode} smoke check and is not measured in that mode: ${why}`);
    (target.skip ??= new Set()).add(mode);
  }
}

/**
 * A mode's warm-up for one target (config.modeWarmup): load in windows, the server's CPU per
 * request read after each. Failed responses are problems, as in a cell's warm-up.
 */
async function warmUpMode(target: Target, mode: Mode, problems: string[]): Promise<WarmUp> {
  const { concurrency, windowMs, windows } = config.modeWarmup;
  const cpuUsPerRequest: number[] = [];
  for (let window = 0; window < windows; window++) {
    const before = await target.server.stats();
    const load = await runLoad(spec(target, mode, concurrency, windowMs, config.maxRequestsPerRound));
    const after = await target.server.stats();
    target.totalCompleted += load.completed;
    target.totalOk += load.ok;
    const failed = load.completed - load.ok + load.networkErrors;
    if (failed > 0) problems.push(`${target.name} ${mode} warm-up: ${failed} failed responses, e.g. ${load.samples[0]}`);
    cpuUsPerRequest.push(load.completed > 0 ? (cpuUs(after) - cpuUs(before)) / load.completed : NaN);
  }
  return { target: target.name, mode, concurrency, windowMs, cpuUsPerRequest, loadAverage: os.loadavg() };
}

/** After the run: every response a Gatehouse served is one usage row, and it logged no errors. */
async function checkMetering(target: Target, problems: string[]): Promise<ProcessStats> {
  const final = await target.server.stats({ gc: true });
  const rows = Number(final.extra.usageRows);
  if (rows !== target.totalCompleted) problems.push(`${target.name} wrote ${rows} usage rows for ${target.totalCompleted} responses.`);
  if (target.server.stderr.lines > 0) problems.push(`${target.name} wrote ${target.server.stderr.lines} lines to stderr at log level 'error', e.g. ${target.server.stderr.tail[0]}`);
  return final;
}

/** Loads the console in Gatehouse, requests `/login` once, and returns its RSS then (null and a note if it could not). */
async function consoleMemory(gatehouse: ServerChild, notes: string[]): Promise<{ rssMB: number; peakMB: number } | null> {
  resetPeakRss(gatehouse.pid);
  const reply = await gatehouse.call!('console').catch((error: unknown) => ({ ok: false, error: String(error) }));
  if (!reply.ok) {
    notes.push(`Console not measured: it did not load (${String(reply.error).split('\n')[0]}); \`npm run build\` first.`);
    return null;
  }
  const response = await fetch(`${gatehouse.url}/login`, { signal: AbortSignal.timeout(60_000), redirect: 'manual' });
  await response.text();
  if (response.status !== 200) notes.push(`The console answered /login with ${response.status}.`);
  await sleep(1_000);
  const memory = memoryOf(gatehouse.pid);
  return { rssMB: memory.rssBytes / MB, peakMB: memory.peakRssBytes / MB };
}

async function main() {
  const startedAt = Date.now();
  const notes: string[] = [];
  const problems: string[] = [];
  const children: ServerChild[] = [];
  const stopAll = () => Promise.all(children.map((child) => child.stop().catch(() => {})));
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

  try {
    process.stderr.write('Starting the fake upstream, the bare proxies and Gatehouse...\n');
    const upstream = await startChild('upstream', 'upstream-server.ts', { BENCH_CHUNK_DELAY_MS: String(config.chunkDelayMs) });
    children.push(upstream);
    const gatehouseEnv = { BENCH_UPSTREAM_URL: upstream.url };
    const [pipe, undiciProxy, gatehouse] = await startPeers(upstream.url);
    children.push(pipe, undiciProxy, gatehouse);
    const plain = { authorization: 'Bearer sk-bench' };
    const targets: Target[] = [makeTarget('direct', upstream, 'gpt-4o', plain), makeTarget('bare-pipe', pipe, 'gpt-4o', plain), makeTarget('bare-undici', undiciProxy, 'gpt-4o', plain), gatehouseTarget('gatehouse', gatehouse)];
    // BENCH_COMPARE_NODE_FLAGS: a second Gatehouse with other node flags, measured in every cell
    // beside the first (same run, interleaved rounds), to weigh a setting such as a heap size.
    // BENCH_COMPARE_CHECKOUT: that checkout's Gatehouse (e.g. a `git worktree` of main), for an A/B of a code change.
    const compareFlags = process.env.BENCH_COMPARE_NODE_FLAGS;
    const compareCheckout = process.env.BENCH_COMPARE_CHECKOUT ? path.resolve(process.env.BENCH_COMPARE_CHECKOUT) : undefined;
    if (compareFlags !== undefined || compareCheckout) {
      const flags = compareFlags === undefined ? gatehouseNodeFlags() : compareFlags.split(/\s+/).filter(Boolean);
      const server = await startGatehouse('gatehouse-compare', gatehouseEnv, flags, compareCheckout);
      children.push(server);
      targets.push(gatehouseTarget('gatehouse-compare', server));
      if (compareFlags !== undefined) notes.push(`gatehouse-compare runs with node flags \`${compareFlags}\` (gatehouse: \`${gatehouseNodeFlags().join(' ')}\`).`);
      if (compareCheckout) notes.push(`gatehouse-compare is compiled from the checkout in ${compareCheckout}.`);
    }
    const database = gatehouse.info.database === 'postgres' ? 'postgres' : 'pglite';
    const portkey = await startPortkey(upstream.url);
    notes.push(portkey.note);
    if (portkey.target) {
      children.push(portkey.target.server);
      targets.push(portkey.target);
    }
    problems.push(...loopbackProblems(children));

    for (const target of [...targets]) await smokeCheck(target, problems, notes);
    for (const target of [...targets]) if (target.skip?.size === config.modes.length) targets.splice(targets.indexOf(target), 1);
    if (!targets.some((target) => target.name === 'gatehouse')) problems.push('Gatehouse is not measured: it failed the smoke check (see above).');

    await sleep(1_000);
    const idle = memoryOf(gatehouse.pid);
    const memoryRows: MemoryRow[] = [{ label: 'idle, after start-up', loadAverage: os.loadavg(), peakMB: Object.fromEntries(children.map((child) => [child.name, memoryOf(child.pid).rssBytes / MB])) }];
    const baseline = new Map<string, ProcessStats>();
    for (const target of targets) baseline.set(target.name, await target.server.stats({ gc: true }));

    const cells: Cell[] = [];
    const totalSteps = config.modes.length * config.concurrencies.length;
    let step = 0;
    let metricsOff: Target | undefined;
    const warmUps: WarmUp[] = [];
    for (const mode of config.modes) {
      if (config.modeWarmup.windows > 0) {
        process.stderr.write(`${mode}: warming up every target at c${config.modeWarmup.concurrency}...\n`);
        for (const target of targets.filter((target) => !target.skip?.has(mode))) warmUps.push(await warmUpMode(target, mode, problems));
      }
      for (const concurrency of config.concurrencies) {
        step++;
        const measured = targets.filter((target) => !target.skip?.has(mode));
        if (mode === config.metricsCell.mode && concurrency === config.metricsCell.concurrency && measured.some((target) => target.name === 'gatehouse')) {
          process.stderr.write('Starting Gatehouse with GATEHOUSE_METRICS=0 for the metrics cell...\n');
          const server = await startGatehouse('gatehouse-metrics-off', { ...gatehouseEnv, GATEHOUSE_METRICS: '0' });
          children.push(server);
          metricsOff = gatehouseTarget('gatehouse-metrics-off', server);
          problems.push(...loopbackProblems([server]));
          await smokeCheck(metricsOff, problems, notes);
          if (!metricsOff.skip?.has(mode)) {
            // Warmed up as the others were, or the ratio would weigh a cold process against a warm one.
            if (config.modeWarmup.windows > 0) warmUps.push(await warmUpMode(metricsOff, mode, problems));
            measured.push(metricsOff);
          }
        }
        const rounds = config.rounds(concurrency);
        const roundMs = config.roundMs(mode, concurrency);
        process.stderr.write(`[${step}/${totalSteps}] ${mode}, concurrency ${concurrency}: warm-up`);
        for (const child of children) resetPeakRss(child.pid);
        resetPeakRss(process.pid);
        for (const target of measured) {
          const warm = await runLoad(spec(target, mode, concurrency, config.warmupMs, config.maxRequestsPerRound));
          target.totalCompleted += warm.completed;
          target.totalOk += warm.ok;
          const failed = warm.completed - warm.ok + warm.networkErrors;
          if (failed > 0) problems.push(`${target.name} ${mode} c=${concurrency}: ${failed} failed responses during warm-up, e.g. ${warm.samples[0]}`);
        }
        await sleep(config.settleMs);
        const byTarget = new Map(measured.map((target) => [target.name, newCell(target.name, mode, concurrency)] as const));
        for (let round = 0; round < rounds; round++) {
          process.stderr.write(`, round ${round + 1}`);
          // Rotate the order each round so no target always follows the same one.
          const order = measured.map((_, index) => measured[(index + round) % measured.length]);
          for (const target of order) {
            // Unmeasured: the target sat idle through the other targets' rounds (see config.rewarmMs).
            const rewarm = await runLoad(spec(target, mode, concurrency, config.rewarmMs, config.maxRequestsPerRound));
            target.totalCompleted += rewarm.completed;
            target.totalOk += rewarm.ok;
            if (rewarm.completed !== rewarm.ok) problems.push(`${target.name} ${mode} c=${concurrency}: ${rewarm.completed - rewarm.ok} failed responses before a round, e.g. ${rewarm.samples[0]}`);
            const serverBefore = await target.server.stats();
            const upstreamBefore = target.server === upstream ? serverBefore : await upstream.stats();
            const loadBefore = process.cpuUsage();
            const load = await runLoad(spec(target, mode, concurrency, roundMs, config.maxRequestsPerRound));
            const loadCpu = process.cpuUsage(loadBefore);
            await sleep(config.settleMs);
            const serverAfter = await target.server.stats();
            const upstreamAfter = target.server === upstream ? serverAfter : await upstream.stats();
            target.totalCompleted += load.completed;
            target.totalOk += load.ok;
            addRound(byTarget.get(target.name)!, load, {
              serverCpuUs: cpuUs(serverAfter) - cpuUs(serverBefore),
              upstreamCpuUs: cpuUs(upstreamAfter) - cpuUs(upstreamBefore),
              loadCpuUs: loadCpu.user + loadCpu.system,
              upstreamCalls: Number(upstreamAfter.extra.calls) - Number(upstreamBefore.extra.calls),
              rssBytes: serverAfter.rssBytes,
              maxRssBytes: memoryOf(target.server.pid).peakRssBytes,
              loopDelay: serverAfter.loopDelay,
            });
          }
        }
        process.stderr.write('\n');
        const loadAverage = os.loadavg();
        for (const cell of byTarget.values()) cell.loadAverage = loadAverage;
        cells.push(...byTarget.values());
        const peakMB = Object.fromEntries([...children.map((child) => [child.name, memoryOf(child.pid).peakRssBytes / MB] as const), ['load generator', memoryOf(process.pid).peakRssBytes / MB] as const]);
        memoryRows.push({ label: `${mode} c${concurrency}`, loadAverage, peakMB });
        if (metricsOff && measured.includes(metricsOff)) {
          await checkMetering(metricsOff, problems);
          await metricsOff.agent.close();
          await metricsOff.server.stop();
          children.splice(children.indexOf(metricsOff.server), 1);
        }
      }
    }

    // The console: loaded in Gatehouse once the load is over, as the first console visit would.
    process.stderr.write('Loading the console in Gatehouse and requesting /login...\n');
    const consoleMem = await consoleMemory(gatehouse, notes);
    if (consoleMem) memoryRows.push({ label: 'console loaded (after /login)', loadAverage: os.loadavg(), peakMB: { gatehouse: consoleMem.rssMB } });

    // After the load: settle, collect garbage, and compare memory with the start.
    await sleep(1_000);
    const processes: Record<string, unknown> = {};
    const lifePeak = (name: string) => Math.max(...memoryRows.map((row) => row.peakMB[name] ?? 0));
    for (const target of targets) {
      const final = target.name === 'gatehouse' ? await checkMetering(target, problems) : await target.server.stats({ gc: true });
      const start = baseline.get(target.name)!;
      processes[target.server.name] = {
        target: target.name,
        pid: target.server.pid,
        requests: target.totalCompleted,
        ok: target.totalOk,
        peakRssMB: lifePeak(target.server.name),
        rssStartMB: start.rssBytes / MB,
        rssEndMB: final.rssBytes / MB,
        heapAfterGcStartMB: start.heapUsedBytes / MB,
        heapAfterGcEndMB: final.heapUsedBytes / MB,
        stderrLines: target.server.stderr.lines,
        stderrTail: target.server.stderr.tail.slice(-10),
        extra: final.extra,
      };
    }
    for (const target of targets) {
      if (!OWN_TARGETS.has(target.name) && target.server.stderr.lines > 0) notes.push(`${target.name} wrote ${target.server.stderr.lines} stderr lines, e.g. ${target.server.stderr.tail[0]}`);
    }

    // Checks: every response ok, the upstream saw every request.
    const summaries: CellSummary[] = cells.map(summarize);
    for (const cell of summaries) {
      if (cell.failed > 0) problems.push(`${cell.target} ${cell.mode} c=${cell.concurrency}: ${cell.failed} of ${cell.completed + cell.networkErrors} responses failed (${JSON.stringify(cell.non200)} non-200, ${cell.badBody} bad bodies, ${cell.networkErrors} network errors), e.g. ${cell.samples[0]}`);
      if (cell.upstreamCallsMismatch !== 0) problems.push(`${cell.target} ${cell.mode} c=${cell.concurrency}: the upstream saw ${cell.upstreamCalls} calls for ${cell.completed} responses.`);
    }

    const find = (target: string, mode: Mode, concurrency: number) => summaries.find((cell) => cell.target === target && cell.mode === mode && cell.concurrency === concurrency);
    const ratios: Ratios = [];
    for (const mode of config.modes) {
      for (const concurrency of config.concurrencies) {
        const g = find('gatehouse', mode, concurrency);
        const b = floorOf(find, mode, concurrency);
        const p = find('portkey', mode, concurrency);
        if (!g) continue;
        ratios.push({
          mode,
          concurrency,
          floor: b?.target ?? null,
          throughputVsBare: b ? g.requestsPerSecond / b.requestsPerSecond : null,
          throughputVsPortkey: p ? g.requestsPerSecond / p.requestsPerSecond : null,
          gatehouseCpuUsPerRequest: g.serverCpuUsPerRequest,
          cpuVsBare: b ? g.serverCpuUsPerRequest / b.serverCpuUsPerRequest : null,
          extraCpuUsVsBare: b ? g.serverCpuUsPerRequest - b.serverCpuUsPerRequest : null,
          latencyP50DeltaMs: b ? g.latencyMs.p50 - b.latencyMs.p50 : null,
          ttfbP50DeltaMs: b && mode === 'stream' ? g.ttfbMs.p50 - b.ttfbMs.p50 : null,
          ttfbP99DeltaMs: b && mode === 'stream' ? g.ttfbMs.p99 - b.ttfbMs.p99 : null,
        });
      }
    }
    const c64Peaks = summaries.filter((cell) => cell.target === 'gatehouse' && cell.concurrency === 64).map((cell) => cell.peakRssMB);
    const memory: MemoryFigures = { database, idleMB: idle.rssBytes / MB, underC64MB: c64Peaks.length > 0 ? Math.max(...c64Peaks) : null, consoleMB: consoleMem?.rssMB ?? null };
    const on = find('gatehouse', config.metricsCell.mode, config.metricsCell.concurrency);
    const off = find('gatehouse-metrics-off', config.metricsCell.mode, config.metricsCell.concurrency);
    const metricsCpuRatio = on && off ? on.serverCpuUsPerRequest / off.serverCpuUsPerRequest : null;
    const checks = checkTargets(summaries, config.concurrencies, memory, metricsCpuRatio);
    notes.push(`Gatehouse's memory is one process, compiled as \`npm run build\` compiles it and run by \`node\` (console not loaded until the console row), measured from /proc (VmRSS; peak = VmHWM, reset per cell with clear_refs). \`npm start\` adds the \`npm\` process in front of it (measured by \`npm run bench:startup\`).`);

    const results = {
      generatedAt: new Date().toISOString(),
      durationSeconds: (Date.now() - startedAt) / 1000,
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}` },
      database,
      config: { ...config, rounds: Object.fromEntries(config.concurrencies.map((c) => [c, config.rounds(c)])), roundMs: Object.fromEntries(config.modes.flatMap((m) => config.concurrencies.map((c) => [`${m} c${c}`, config.roundMs(m, c)]))) },
      targets: targets.map((target) => ({ name: target.name, url: target.url, model: target.model })),
      cells: summaries,
      ratios,
      memory,
      memoryRows,
      warmUps,
      metricsCpuRatio,
      checks,
      processes,
      problems,
      notes,
    };
    const outDir = path.join(repoRoot, 'bench', 'results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    printReport(results);
    process.stdout.write(`\nResults written to bench/results/latest.json (${results.durationSeconds.toFixed(0)} s).\n`);
    for (const target of targets) await target.agent.close();
    const missed = checks.filter((check) => check.status === 'FAIL').length;
    process.exitCode = problems.length > 0 ? 1 : strict && missed > 0 ? 2 : 0;
  } finally {
    await stopAll();
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});

/**
 * Gatehouse load benchmark: `npm run bench` (full) or `npm run bench -- --quick` (smoke).
 *
 * Starts, each in a process of its own: the fake upstream (test/fake-upstream), a bare
 * node:http pass-through proxy (the floor), Gatehouse's lean server, and Portkey's gateway
 * if @portkey-ai/gateway is installed. This process only generates load (undici, keep-alive)
 * and reads each server's own CPU time and memory over IPC.
 *
 * For JSON and streaming chat completions at each concurrency, every target is warmed up,
 * then measured in interleaved rounds (round-robin, rotating the order each round). Every
 * response is checked (200 and the fake's reply text) and the fake upstream's call count
 * is compared with the responses. See bench/README.md for how to read the results.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Agent } from 'undici';
import { addRound, newCell, summarize, type Cell, type CellSummary, type Mode } from './cells';
import type { ProcessStats } from './child-ipc';
import { repoRoot, startChild, startExternal, type ServerChild } from './children';
import { runLoad, type LoadSpec } from './load';
import { findPortkey } from './portkey';
import { printReport, type Ratios } from './report';

const args = new Set(process.argv.slice(2));
if (args.has('--help') || args.has('-h')) {
  process.stdout.write('Usage: npm run bench [-- --quick]\n  --quick   concurrency 16 only, one 1 s round per target (smoke run)\n');
  process.exit(0);
}
const quick = args.has('--quick');

const config = {
  quick,
  modes: ['json', 'stream'] as Mode[],
  concurrencies: quick ? [16] : [1, 16, 64],
  /** Interleaved rounds per target and scenario; their results are pooled. */
  rounds: quick ? 1 : 3,
  roundMs: 1_000,
  /** A round also ends after this many requests. */
  maxRequestsPerRound: 50_000,
  // Long enough for V8 to optimise the hot paths, so rounds measure the steady state.
  warmupMs: quick ? 1_500 : 2_000,
  /**
   * Quiet time after each round before the server's CPU is read, so work a server defers
   * (Gatehouse writes usage rows every 250 ms) is charged to the requests that caused it.
   */
  settleMs: 350,
};

const EXPECTED_TEXT = 'Hello from fake!'; // defaultText('fake') of test/fake-upstream
const PATH = '/v1/chat/completions';

type Target = {
  name: string;
  url: string;
  server: ServerChild;
  model: string;
  headers: Record<string, string>;
  agent: Agent;
  /** Responses received, warm-up included (compared with Gatehouse's usage rows). */
  totalCompleted: number;
  totalOk: number;
  /** Modes this target failed its smoke check in, and is not measured in. */
  skip?: Set<Mode>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuUs = (stats: ProcessStats) => stats.cpuUserUs + stats.cpuSystemUs;

function body(model: string, stream: boolean): string {
  return JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello to the benchmark.' }], ...(stream ? { stream: true } : {}) });
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function main() {
  const startedAt = Date.now();
  const notes: string[] = [];
  const problems: string[] = [];
  const children: ServerChild[] = [];
  const stopAll = () => Promise.all(children.map((child) => child.stop().catch(() => {})));
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

  try {
    process.stderr.write('Starting the fake upstream, the bare proxy and Gatehouse...\n');
    const upstream = await startChild('upstream', 'upstream-server.ts');
    children.push(upstream);
    const env = { BENCH_UPSTREAM_URL: upstream.url };
    const [bare, gatehouse] = await Promise.all([startChild('bare-proxy', 'bare-proxy-server.ts', env), startChild('gatehouse', 'gatehouse-server.ts', env)]);
    children.push(bare, gatehouse);

    // undici's default idle timeout (4 s) stays below Node's server default (5 s): the fake's SSE
    // replies set `connection: keep-alive` themselves, so Node sends no `keep-alive: timeout`
    // hint, and a longer client timeout would reuse sockets the server has just closed (ECONNRESET).
    const newAgent = () => new Agent({ connections: 128, pipelining: 1, keepAliveTimeout: 4_000 });
    const targets: Target[] = [
      { name: 'direct', url: upstream.url, server: upstream, model: 'gpt-4o', headers: { authorization: 'Bearer sk-bench' }, agent: newAgent(), totalCompleted: 0, totalOk: 0 },
      { name: 'bare-proxy', url: bare.url, server: bare, model: 'gpt-4o', headers: { authorization: 'Bearer sk-bench' }, agent: newAgent(), totalCompleted: 0, totalOk: 0 },
      {
        name: 'gatehouse',
        url: gatehouse.url,
        server: gatehouse,
        model: 'openai/gpt-4o',
        headers: { authorization: `Bearer ${String(gatehouse.info.apiKey)}` },
        agent: newAgent(),
        totalCompleted: 0,
        totalOk: 0,
      },
    ];

    const portkey = findPortkey();
    if (!portkey.found) {
      notes.push(`Portkey skipped: ${portkey.reason}`);
    } else {
      try {
        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        const server = await startExternal('portkey', process.execPath, [portkey.entry, `--port=${port}`], url, '/', { PORT: String(port) });
        children.push(server);
        targets.push({
          name: 'portkey',
          url,
          server,
          model: 'gpt-4o',
          headers: { authorization: 'Bearer sk-bench', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstream.url}/v1` },
          agent: newAgent(),
          totalCompleted: 0,
          totalOk: 0,
        });
        notes.push(`Portkey ${portkey.version} from ${path.relative(repoRoot, portkey.entry)} (CPU and RSS read from /proc).`);
      } catch (error) {
        notes.push(`Portkey skipped: it is installed but did not start (${(error as Error).message.split('\n')[0]}).`);
      }
    }

    // Smoke check: one JSON and one streaming request per target. A target that does not
    // answer 200 with the expected reply is left out of that mode (a benchmark of errors is
    // worthless); Gatehouse or the floor failing is a problem, another gateway failing a note.
    for (const target of [...targets]) {
      for (const mode of config.modes) {
        const check = await runLoad(spec(target, mode, 1, 10_000, 1));
        target.totalCompleted += check.completed;
        target.totalOk += check.ok;
        if (check.ok !== 1) {
          const why = check.samples[0] ?? 'no response';
          const own = ['gatehouse', 'bare-proxy', 'direct'].includes(target.name);
          (own ? problems : notes).push(`${target.name} failed the ${mode} smoke check and is not measured in that mode: ${why}`);
          (target.skip ??= new Set()).add(mode);
        }
      }
    }
    for (const target of [...targets]) if (target.skip?.size === config.modes.length) targets.splice(targets.indexOf(target), 1);
    if (!targets.some((target) => target.name === 'gatehouse')) problems.push('Gatehouse is not measured: it failed the smoke check (see above).');

    const baseline = new Map<string, ProcessStats>();
    for (const target of targets) baseline.set(target.name, await target.server.stats({ gc: true }));

    const cells: Cell[] = [];
    const totalSteps = config.modes.length * config.concurrencies.length;
    let step = 0;
    for (const mode of config.modes) {
      for (const concurrency of config.concurrencies) {
        step++;
        process.stderr.write(`[${step}/${totalSteps}] ${mode}, concurrency ${concurrency}: warm-up`);
        const measured = targets.filter((target) => !target.skip?.has(mode));
        for (const target of measured) {
          const warm = await runLoad(spec(target, mode, concurrency, config.warmupMs, config.maxRequestsPerRound));
          target.totalCompleted += warm.completed;
          target.totalOk += warm.ok;
          const failed = warm.completed - warm.ok + warm.networkErrors;
          if (failed > 0) problems.push(`${target.name} ${mode} c=${concurrency}: ${failed} failed responses during warm-up, e.g. ${warm.samples[0]}`);
        }
        await sleep(config.settleMs);
        const byTarget = new Map(measured.map((target) => [target.name, newCell(target.name, mode, concurrency)] as const));
        for (let round = 0; round < config.rounds; round++) {
          process.stderr.write(`, round ${round + 1}`);
          // Rotate the order each round so no target always follows the same one.
          const order = measured.map((_, index) => measured[(index + round) % measured.length]);
          for (const target of order) {
            const serverBefore = await target.server.stats();
            const upstreamBefore = target.server === upstream ? serverBefore : await upstream.stats();
            const loadBefore = process.cpuUsage();
            const load = await runLoad(spec(target, mode, concurrency, config.roundMs, config.maxRequestsPerRound));
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
              maxRssBytes: serverAfter.maxRssBytes,
              loopDelay: serverAfter.loopDelay,
            });
          }
        }
        process.stderr.write('\n');
        cells.push(...byTarget.values());
      }
    }

    // After the load: settle, collect garbage, and compare memory with the start.
    await sleep(1_000);
    const processes: Record<string, unknown> = {};
    const finals = new Map<string, ProcessStats>();
    for (const target of targets) {
      const final = await target.server.stats({ gc: true });
      finals.set(target.name, final);
      const start = baseline.get(target.name)!;
      processes[target.server.name] = {
        target: target.name,
        pid: target.server.pid,
        requests: target.totalCompleted,
        ok: target.totalOk,
        peakRssMB: final.maxRssBytes / 1024 / 1024,
        rssStartMB: start.rssBytes / 1024 / 1024,
        rssEndMB: final.rssBytes / 1024 / 1024,
        heapAfterGcStartMB: start.heapUsedBytes / 1024 / 1024,
        heapAfterGcEndMB: final.heapUsedBytes / 1024 / 1024,
        stderrLines: target.server.stderr.lines,
        stderrTail: target.server.stderr.tail.slice(-10),
        extra: final.extra,
      };
    }
    if (!processes.upstream) {
      const final = await upstream.stats({ gc: true });
      processes.upstream = { pid: upstream.pid, peakRssMB: final.maxRssBytes / 1024 / 1024, extra: final.extra };
    }

    // Checks: every response ok, the upstream saw every request, Gatehouse metered every request.
    const summaries: CellSummary[] = cells.map(summarize);
    for (const cell of summaries) {
      if (cell.failed > 0) problems.push(`${cell.target} ${cell.mode} c=${cell.concurrency}: ${cell.failed} of ${cell.completed + cell.networkErrors} responses failed (${JSON.stringify(cell.non200)} non-200, ${cell.badBody} bad bodies, ${cell.networkErrors} network errors), e.g. ${cell.samples[0]}`);
      if (cell.upstreamCallsMismatch !== 0) problems.push(`${cell.target} ${cell.mode} c=${cell.concurrency}: the upstream saw ${cell.upstreamCalls} calls for ${cell.completed} responses.`);
    }
    const gh = targets.find((target) => target.name === 'gatehouse');
    const ghFinal = finals.get('gatehouse');
    if (gh && ghFinal) {
      const rows = Number(ghFinal.extra.usageRows);
      if (rows !== gh.totalCompleted) problems.push(`Gatehouse wrote ${rows} usage rows for ${gh.totalCompleted} responses.`);
      if (gh.server.stderr.lines > 0) problems.push(`Gatehouse wrote ${gh.server.stderr.lines} lines to stderr at log level 'error', e.g. ${gh.server.stderr.tail[0]}`);
    }
    for (const target of targets) {
      if (target.name !== 'gatehouse' && target.server.stderr.lines > 0) notes.push(`${target.name} wrote ${target.server.stderr.lines} stderr lines, e.g. ${target.server.stderr.tail[0]}`);
    }

    const find = (target: string, mode: Mode, concurrency: number) => summaries.find((cell) => cell.target === target && cell.mode === mode && cell.concurrency === concurrency);
    const ratios: Ratios = [];
    for (const mode of config.modes) {
      for (const concurrency of config.concurrencies) {
        const g = find('gatehouse', mode, concurrency);
        const b = find('bare-proxy', mode, concurrency);
        const d = find('direct', mode, concurrency);
        const p = find('portkey', mode, concurrency);
        if (!g) continue;
        ratios.push({
          mode,
          concurrency,
          throughputVsBare: b ? g.requestsPerSecond / b.requestsPerSecond : null,
          throughputVsDirect: d ? g.requestsPerSecond / d.requestsPerSecond : null,
          throughputVsPortkey: p ? g.requestsPerSecond / p.requestsPerSecond : null,
          gatehouseCpuUsPerRequest: g.serverCpuUsPerRequest,
          extraCpuUsVsBare: b ? g.serverCpuUsPerRequest - b.serverCpuUsPerRequest : null,
          latencyP50DeltaMs: b ? g.latencyMs.p50 - b.latencyMs.p50 : null,
          ttfbP50DeltaMs: b && mode === 'stream' ? g.ttfbMs.p50 - b.ttfbMs.p50 : null,
          ttfbP99DeltaMs: b && mode === 'stream' ? g.ttfbMs.p99 - b.ttfbMs.p99 : null,
        });
      }
    }

    const results = {
      generatedAt: new Date().toISOString(),
      durationSeconds: (Date.now() - startedAt) / 1000,
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}` },
      config,
      targets: targets.map((target) => ({ name: target.name, url: target.url, model: target.model })),
      cells: summaries,
      ratios,
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
    process.exitCode = problems.length > 0 ? 1 : 0;
  } finally {
    await stopAll();
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});

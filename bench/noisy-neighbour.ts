/**
 * `npm run bench:noisy`: can one team's slow streams slow another team down? (issue 13, item 7)
 *
 * One Gatehouse (lean server, PGlite) and the fake upstream, each in a process of its own, all on
 * 127.0.0.1. A quiet team sends small JSON completions one after another; its latency is
 * measured first alone, then while a noisy team tries to hold 2,000 streams that the fake paces
 * at one event every 500 ms (a minute each), once they are established. Two scenarios:
 *
 * - `capped`: the noisy team on the 'pro' plan (200 calls in flight per instance): the rest of
 *   its 2,000 get 429 and come back after retry-after, backing off while refused, as the
 *   official SDKs do.
 * - `uncapped`: no cap for the noisy team (GATEHOUSE_TEAM_MAX_CONCURRENCY=0, 'unlimited' plan):
 *   all 2,000 streams reach the upstream. This is what the per-origin pool used to queue behind.
 *
 * Prints each scenario's quiet-team p50/p99, idle and loaded, as a ratio, with the machine's
 * load average beside it (the machine is shared: read ratios, not absolute times). Bounded:
 * at most a minute per scenario after start-up. Options: --streams <n> (2,000), --scenario capped|uncapped.
 */
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { startChild, type ServerChild } from './children';

const { values } = parseArgs({ options: { streams: { type: 'string', default: '2000' }, scenario: { type: 'string' } } });
const STREAMS = Number(values.streams);
const IDLE_MS = 5_000;
const RAMP_MS = 8_000;
const LOADED_MS = 8_000;
/** The longest wait for the noisy streams to be established (each lasts a minute, so none ends meanwhile). */
const SETTLE_MAX_MS = 30_000;
const slowPrompt = `[[delay:500]][[text:${Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ')}]] go`;

/** Connections the kernel dropped because a listener's accept queue was full (machine-wide: other processes count too). */
function listenOverflows(): number {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((line) => line.startsWith('TcpExt:'));
    const [names, numbers] = lines.map((line) => line.split(/\s+/));
    return Number(numbers[names.indexOf('ListenOverflows')]);
  } catch {
    return NaN;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The quiet team: one small JSON completion after another for `ms`; latencies in ms. */
async function quietLoop(gatehouse: ServerChild, agent: Agent, ms: number) {
  const latencies: number[] = [];
  let failures = 0;
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const started = performance.now();
    const response = await request(`${gatehouse.url}/v1/chat/completions`, {
      method: 'POST',
      dispatcher: agent,
      headers: { authorization: `Bearer ${gatehouse.info.quietKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    await response.body.text();
    if (response.statusCode === 200) latencies.push(performance.now() - started);
    else failures++;
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), requests: latencies.length, failures };
}

/** The noisy team: `STREAMS` workers, each holding a slow stream open and starting another when it ends. */
function noisyLoad(gatehouse: ServerChild, agent: Agent) {
  const stats = { inFlight: 0, maxInFlight: 0, refused: 0, streamsServed: 0, errors: 0 };
  const controller = new AbortController();
  // Every worker's request listens on the one signal.
  setMaxListeners(STREAMS + 10, controller.signal);
  const worker = async (delay: number) => {
    await sleep(delay);
    let refusedInARow = 0;
    while (!controller.signal.aborted) {
      try {
        const response = await request(`${gatehouse.url}/v1/chat/completions`, {
          method: 'POST',
          dispatcher: agent,
          signal: controller.signal,
          headers: { authorization: `Bearer ${gatehouse.info.noisyKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'openai/gpt-4o', stream: true, messages: [{ role: 'user', content: slowPrompt }] }),
        });
        if (response.statusCode === 429) {
          stats.refused++;
          await response.body.text();
          // As the official SDKs do: at least retry-after, backing off exponentially (with jitter) while refused.
          const backoff = Math.min(8_000, 500 * 2 ** refusedInARow++) * (0.75 + Math.random() / 4);
          await sleep(Math.max(Number(response.headers['retry-after'] ?? 1) * 1_000, backoff));
          continue;
        }
        refusedInARow = 0;
        stats.inFlight++;
        stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
        try {
          for await (const chunk of response.body) void chunk;
          stats.streamsServed++;
        } finally {
          stats.inFlight--;
        }
      } catch {
        if (!controller.signal.aborted) stats.errors++;
      }
    }
  };
  const workers = Array.from({ length: STREAMS }, (_, i) => worker((i / STREAMS) * RAMP_MS));
  return {
    stats,
    async stop() {
      controller.abort();
      await Promise.allSettled(workers);
    },
  };
}

async function scenario(name: 'capped' | 'uncapped', upstreamUrl: string) {
  const gatehouse = await startChild(`gatehouse-${name}`, 'noisy-neighbour-server.ts', {
    BENCH_UPSTREAM_URL: upstreamUrl,
    BENCH_NOISY_PLAN: name === 'capped' ? 'pro' : 'unlimited',
    GATEHOUSE_TEAM_MAX_CONCURRENCY: name === 'capped' ? '500' : '0',
  });
  const quietAgent = new Agent({ connections: 4 });
  const noisyAgent = new Agent({ connections: null, keepAliveTimeout: 30_000 });
  try {
    await quietLoop(gatehouse, quietAgent, 1_000); // warm-up
    const idle = await quietLoop(gatehouse, quietAgent, IDLE_MS);
    const noisy = noisyLoad(gatehouse, noisyAgent);
    // Measure the held streams, not the storm of opening them: wait until no more are taken for 2 s.
    await sleep(RAMP_MS);
    for (let last = -1, steadySince = Date.now(), until = Date.now() + SETTLE_MAX_MS; Date.now() < until && Date.now() - steadySince < 2_000; await sleep(250)) {
      if (noisy.stats.inFlight > last) {
        last = noisy.stats.inFlight;
        steadySince = Date.now();
      }
    }
    const heldAtStart = noisy.stats.inFlight;
    const load = loadavg()[0];
    // Event-loop delay over the loaded phase, in Gatehouse and in this load generator: a long one
    // says where a slow answer waited (a CPU-starved process rather than a queue).
    await gatehouse.stats();
    const overflowsBefore = listenOverflows();
    const generatorLoop = monitorEventLoopDelay({ resolution: 10 });
    generatorLoop.enable();
    const loaded = await quietLoop(gatehouse, quietAgent, LOADED_MS);
    generatorLoop.disable();
    const gatehouseLoop = (await gatehouse.stats()).loopDelay;
    const overflows = listenOverflows() - overflowsBefore;
    const heldAtEnd = noisy.stats.inFlight;
    const load2 = loadavg()[0];
    await noisy.stop();
    const loop = { gatehouseP99: gatehouseLoop.p99, gatehouseMax: gatehouseLoop.max, generatorP99: generatorLoop.percentile(99) / 1e6, generatorMax: generatorLoop.max / 1e6 };
    return { name, idle, loaded, noisy: { ...noisy.stats, heldAtStart, heldAtEnd }, loadavg: [load, load2], loop, overflows };
  } finally {
    await Promise.allSettled([quietAgent.close(), noisyAgent.destroy()]);
    await gatehouse.stop();
  }
}

async function main() {
  const upstream = await startChild('upstream', 'upstream-server.ts');
  const wanted = values.scenario ? [values.scenario as 'capped' | 'uncapped'] : (['capped', 'uncapped'] as const);
  const results = [];
  try {
    for (const name of wanted) {
      process.stderr.write(`scenario ${name}: ${STREAMS} slow streams from one team...\n`);
      results.push(await scenario(name, upstream.url));
    }
  } finally {
    await upstream.stop();
  }
  const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');
  process.stdout.write(`\nNoisy neighbour: one team tries to hold ${STREAMS} slow streams; another team's JSON latency (ms), 2 cores shared, load average (1 min) shown\n\n`);
  process.stdout.write('| scenario | noisy streams held (start/end) | noisy 429s | quiet idle p50 / p99 | quiet loaded p50 / p99 | ratio p50 / p99 | quiet failures | loop delay max, Gatehouse / load generator | listen overflows | load avg |\n');
  process.stdout.write('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n');
  for (const r of results) {
    process.stdout.write(
      `| ${r.name} | ${r.noisy.heldAtStart} / ${r.noisy.heldAtEnd} | ${r.noisy.refused} | ${ms(r.idle.p50)} / ${ms(r.idle.p99)} | ${ms(r.loaded.p50)} / ${ms(r.loaded.p99)} | ${(r.loaded.p50 / r.idle.p50).toFixed(2)} / ${(r.loaded.p99 / r.idle.p99).toFixed(2)} | ${r.idle.failures + r.loaded.failures} | ${ms(r.loop.gatehouseMax)} / ${ms(r.loop.generatorMax)} | ${r.overflows} | ${r.loadavg.map((value) => value.toFixed(1)).join(' → ')} |\n`,
    );
  }
  process.stdout.write(`\n${JSON.stringify(results)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

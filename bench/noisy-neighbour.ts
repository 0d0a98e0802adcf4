/**
 * `npm run bench:noisy`: can one team's slow streams slow another team down? (issue 13, item 7)
 *
 * One Gatehouse (lean server, PGlite) and the fake upstream, each in a process of its own, all on
 * 127.0.0.1. A quiet team sends small JSON completions one after another; its latency is
 * measured first alone, then while a noisy team tries to hold 2,000 streams that the fake paces
 * at one event every 500 ms. Two scenarios:
 *
 * - `capped`: the noisy team on the 'pro' plan (200 calls in flight per instance): the rest of
 *   its 2,000 get 429 and come back after retry-after, as a well-behaved client would.
 * - `uncapped`: no cap for the noisy team (GATEHOUSE_TEAM_MAX_CONCURRENCY=0, 'unlimited' plan):
 *   all 2,000 streams reach the upstream. This is what the per-origin pool used to queue behind.
 *
 * Prints each scenario's quiet-team p50/p99, idle and loaded, as a ratio, with the machine's
 * load average beside it (the machine is shared: read ratios, not absolute times). Bounded:
 * about 35 s per scenario after start-up. Options: --streams <n> (2,000), --scenario capped|uncapped.
 */
import { setMaxListeners } from 'node:events';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { startChild, type ServerChild } from './children';

const { values } = parseArgs({ options: { streams: { type: 'string', default: '2000' }, scenario: { type: 'string' } } });
const STREAMS = Number(values.streams);
const IDLE_MS = 5_000;
const RAMP_MS = 8_000;
const LOADED_MS = 8_000;
const slowPrompt = `[[delay:500]][[text:${Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ')}]] go`;

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
          await sleep(Number(response.headers['retry-after'] ?? 1) * 1_000);
          continue;
        }
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
    await sleep(RAMP_MS + 1_000);
    const heldAtStart = noisy.stats.inFlight;
    const load = loadavg()[0];
    const loaded = await quietLoop(gatehouse, quietAgent, LOADED_MS);
    const heldAtEnd = noisy.stats.inFlight;
    const load2 = loadavg()[0];
    await noisy.stop();
    return { name, idle, loaded, noisy: { ...noisy.stats, heldAtStart, heldAtEnd }, loadavg: [load, load2] };
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
  process.stdout.write('| scenario | noisy streams held (start/end) | noisy 429s | quiet idle p50 / p99 | quiet loaded p50 / p99 | ratio p50 / p99 | quiet failures | load avg |\n');
  process.stdout.write('| --- | --- | --- | --- | --- | --- | --- | --- |\n');
  for (const r of results) {
    process.stdout.write(
      `| ${r.name} | ${r.noisy.heldAtStart} / ${r.noisy.heldAtEnd} | ${r.noisy.refused} | ${ms(r.idle.p50)} / ${ms(r.idle.p99)} | ${ms(r.loaded.p50)} / ${ms(r.loaded.p99)} | ${(r.loaded.p50 / r.idle.p50).toFixed(2)} / ${(r.loaded.p99 / r.idle.p99).toFixed(2)} | ${r.idle.failures + r.loaded.failures} | ${r.loadavg.map((value) => value.toFixed(1)).join(' → ')} |\n`,
    );
  }
  process.stdout.write(`\n${JSON.stringify(results)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

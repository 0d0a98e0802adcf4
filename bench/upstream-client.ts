/**
 * The upstream client alone (issue 14: "keep undici where it measures faster than node:http,
 * and measure both"): Gatehouse's own `dispatchUpstream` (undici's `dispatch` with a handler of
 * ours) against `node:http` with a keep-alive Agent, each reading a JSON chat completion whole
 * (or, with `--stream`, a chat completion stream chunk by chunk, paced at 25 ms per event as in
 * `npm run bench`), in this process, against the bench's fake upstream in a child process. Rounds
 * alternate the two; CPU is this process's (`process.cpuUsage`), so the upstream's work is not counted.
 *
 *   npm run bench:client [-- --concurrency 16] [-- --seconds 4] [-- --rounds 3] [-- --stream]
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';
import { Agent as UndiciAgent } from 'undici';
import { dispatchUpstream } from '../lib/gateway/upstream-dispatch';
import { startChild } from './children';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  const value = at > 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const concurrency = Math.min(256, argument('concurrency', 16));
const seconds = Math.min(60, argument('seconds', 4));
const rounds = Math.min(10, argument('rounds', 3));

const stream = process.argv.includes('--stream');
const chunkDelayMs = 25;
const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Say hi' }], ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}) });
const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-bench' };
// As the bench's bare proxies and Gatehouse configure theirs (bench/bare-*-server.ts, lib/net).
const undiciAgent = new UndiciAgent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 4_000, connections: 256, pipelining: 1 });
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256, keepAliveMsecs: 30_000 });

type Client = { name: string; call(url: URL): Promise<string> };

const clients: Client[] = [
  {
    name: 'undici dispatch (Gatehouse)',
    async call(url) {
      const response = await dispatchUpstream(undiciAgent, { url: url.href, method: 'POST', headers, body, headersTimeout: 10_000 });
      if (!stream) return response.body.text(1 << 20);
      // Chunk by chunk, as Gatehouse's pass-through stream reads it (each chunk seen on arrival).
      return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        response.body.start({ data: (chunk) => void chunks.push(chunk), end: () => resolve(Buffer.concat(chunks).toString('utf8')), error: reject });
      });
    },
  },
  {
    name: 'node:http + keep-alive Agent',
    call(url) {
      return new Promise((resolve, reject) => {
        const outgoing = httpRequest(
          { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: httpAgent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
          (incoming) => {
            const chunks: Buffer[] = [];
            incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
            incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
            incoming.on('error', reject);
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    },
  },
];

/** Calls at `concurrency` for `ms`; CPU µs per call and calls/s over that window. */
async function measure(client: Client, url: URL, ms: number): Promise<{ cpuUs: number; perSecond: number }> {
  let calls = 0;
  let stop = false;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!stop) {
        const text = await client.call(url);
        if (!text.startsWith(stream ? 'data: ' : '{')) throw new Error(`${client.name}: not a ${stream ? 'stream' : 'JSON reply'}: ${text.slice(0, 80)}`);
        calls++;
      }
    }).concat([new Promise<void>((resolve) => setTimeout(() => resolve(void (stop = true)), ms))]),
  );
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / calls, perSecond: calls / ((performance.now() - started) / 1000) };
}

async function main() {
  const upstream = await startChild('upstream', 'upstream-server.ts', stream ? { BENCH_CHUNK_DELAY_MS: String(chunkDelayMs) } : {});
  try {
    const url = new URL('/v1/chat/completions', upstream.url);
    for (const client of clients) await measure(client, url, 1_000); // warm-up
    const results = new Map(clients.map((client) => [client.name, [] as number[]]));
    console.log(`${stream ? `streams paced at ${chunkDelayMs} ms per event` : 'JSON'}, concurrency ${concurrency}, ${rounds} rounds of ${seconds} s per client, alternating\n`);
    console.log('| round | client | CPU µs/call | calls/s | load average |');
    console.log('| ---: | --- | ---: | ---: | --- |');
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 === 1 ? clients : [...clients].reverse();
      for (const client of order) {
        const { cpuUs, perSecond } = await measure(client, url, seconds * 1_000);
        results.get(client.name)!.push(cpuUs);
        console.log(`| ${round} | ${client.name} | ${cpuUs.toFixed(1)} | ${Math.round(perSecond).toLocaleString('en')} | ${loadavg().map((value) => value.toFixed(2)).join(' / ')} |`);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const [undici, http] = clients.map((client) => median(results.get(client.name)!));
    console.log(`\nmedian CPU µs/call: ${clients[0].name} ${undici.toFixed(1)}, ${clients[1].name} ${http.toFixed(1)}; node:http ÷ undici = ${(http / undici).toFixed(2)}`);
  } finally {
    await upstream.stop();
    await undiciAgent.close();
    httpAgent.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

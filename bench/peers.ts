/**
 * The servers one bench run measures, each in a process of its own on 127.0.0.1: the fake
 * upstream, the two bare proxies, Gatehouse (and, for one cell, Gatehouse with its metrics
 * off), and Portkey's gateway when it is installed.
 */
import { createServer } from 'node:net';
import path from 'node:path';
import { Agent } from 'undici';
import type { Mode } from './cells';
import { gatehouseNodeFlags, listeningAddresses, repoRoot, startChild, startExternal, type ServerChild } from './children';
import { findPortkey } from './portkey';

export type Target = {
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

/** Targets whose failure is the bench's problem (exit 1), not a note about another gateway. */
export const OWN_TARGETS = new Set(['direct', 'bare-pipe', 'bare-undici', 'gatehouse', 'gatehouse-metrics-off', 'gatehouse-compare']);

// undici's default idle timeout (4 s) stays below Node's server default (5 s): the fake's SSE
// replies set `connection: keep-alive` themselves, so Node sends no `keep-alive: timeout`
// hint, and a longer client timeout would reuse sockets the server has just closed (ECONNRESET).
const newAgent = () => new Agent({ connections: 128, pipelining: 1, keepAliveTimeout: 4_000 });

export function target(name: string, server: ServerChild, model: string, headers: Record<string, string>): Target {
  return { name, url: server.url, server, model, headers, agent: newAgent(), totalCompleted: 0, totalOk: 0 };
}

export function gatehouseTarget(name: string, server: ServerChild): Target {
  return target(name, server, 'openai/gpt-4o', { authorization: `Bearer ${String(server.info.apiKey)}` });
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

/** Portkey's gateway, or a note saying why it is not measured. Its `listen(port)` is kept on 127.0.0.1 by bench/loopback-only.mjs. */
export async function startPortkey(upstreamUrl: string): Promise<{ target?: Target; note: string }> {
  const portkey = findPortkey();
  if (!portkey.found) return { note: `Portkey skipped: ${portkey.reason}` };
  try {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const preload = path.join(repoRoot, 'bench', 'loopback-only.mjs');
    const server = await startExternal('portkey', process.execPath, ['--import', preload, portkey.entry, `--port=${port}`], url, '/', { PORT: String(port) });
    const headers = { authorization: 'Bearer sk-bench', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstreamUrl}/v1` };
    return { target: target('portkey', server, 'gpt-4o', headers), note: `Portkey ${portkey.version} from ${portkey.entry} (CPU and RSS read from /proc).` };
  } catch (error) {
    return { note: `Portkey skipped: it is installed but did not start (${(error as Error).message.split('\n')[0]}).` };
  }
}

/** On PostgreSQL, each Gatehouse gets a scratch database of its own: gatehouse_bench, gatehouse_bench_metrics_off. */
export function startGatehouse(name: string, env: Record<string, string>, nodeFlags = gatehouseNodeFlags(), root?: string): Promise<ServerChild> {
  const database = `gatehouse_bench${name.replace(/^gatehouse/, '').replace(/[^a-z0-9]+/g, '_')}`;
  return startChild(name, 'gatehouse-server.ts', { ...env, BENCH_DATABASE_NAME: database }, undefined, nodeFlags, root);
}

export function startPeers(upstreamUrl: string) {
  const env = { BENCH_UPSTREAM_URL: upstreamUrl };
  return Promise.all([startChild('bare-pipe', 'bare-pipe-server.ts', env), startChild('bare-undici', 'bare-undici-server.ts', env), startGatehouse('gatehouse', env)]);
}

/** Problems for every peer listening on anything but 127.0.0.1. */
export function loopbackProblems(servers: ServerChild[]): string[] {
  const problems: string[] = [];
  for (const server of servers) {
    let addresses: string[];
    try {
      addresses = listeningAddresses(server.pid);
    } catch (error) {
      problems.push(`${server.name}: could not read its listening sockets (${(error as Error).message})`);
      continue;
    }
    const open = addresses.filter((address) => !address.startsWith('127.0.0.1:'));
    if (open.length > 0) problems.push(`${server.name} listens on ${open.join(', ')}: every peer the bench starts must bind 127.0.0.1 only.`);
  }
  return problems;
}

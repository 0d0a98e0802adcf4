/**
 * Where Gatehouse's CPU goes per request: `npm run bench:profile [-- --stream] [--seconds 5] [--concurrency 16]`.
 *
 * Starts the fake upstream and Gatehouse's lean server in processes of their own (as
 * bench/run.ts does), warms up, then records a V8 CPU profile of Gatehouse only while a
 * closed-loop load of chat completions runs, so start-up and module loading are left out.
 * Prints the profile's self time per request grouped by package and by function, next to
 * the process's measured CPU per request (which includes the embedded database's thread, whose
 * work the main thread's profile does not show), and writes the profile to
 * bench/results/profiles/window.cpuprofile (open it in Chrome DevTools).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Agent } from 'undici';
import { gatehouseNodeFlags, repoRoot, startChild, type ServerChild } from './children';
import { runLoad } from './load';

const args = process.argv.slice(2);
const stream = args.includes('--stream');
const secondsFlag = args.indexOf('--seconds');
const seconds = secondsFlag >= 0 ? Number(args[secondsFlag + 1]) : 5;
const concurrencyFlag = args.indexOf('--concurrency');
const concurrency = concurrencyFlag >= 0 ? Number(args[concurrencyFlag + 1]) : 16;
/** `--target bare-pipe` (or bare-undici) profiles the floor instead, for comparison. */
const targetFlag = args.indexOf('--target');
const target = targetFlag >= 0 ? args[targetFlag + 1] : 'gatehouse';
/** BENCH_PROF_KIND=alloc or survivors: the child samples allocations (bench/child-ipc.ts), not CPU. */
const allocations = process.env.BENCH_PROF_KIND === 'alloc' || process.env.BENCH_PROF_KIND === 'survivors';
/** BENCH_PROF_KIND=gc: no profiler; V8 traces each collection (--trace-gc-nvp) and the window's are summed. */
const gcTrace = process.env.BENCH_PROF_KIND === 'gc';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

function packageOf(url: string): string {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1];
  if (url.startsWith('node:')) return 'node internals';
  if (url.startsWith('wasm:')) return 'wasm (PGlite)';
  if (!url) return '(native, GC, idle)';
  return url.replace(/^file:\/\/\/?/, '').replace(`${repoRoot.replace(/^\//, '')}/`, '').split('/').slice(0, 2).join('/');
}

function summarize(profile: Profile, requests: number): string {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const top = (key: (node: Node) => string, limit: number) => {
    const totals = new Map<string, number>();
    for (const [id, us] of selfUs) {
      const name = key(nodes.get(id)!);
      if (name.startsWith('(idle)')) continue;
      totals.set(name, (totals.get(name) ?? 0) + us);
    }
    return [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => `${(us / requests).toFixed(1).padStart(8)} µs  ${name}`)
      .join('\n');
  };
  const frame = (node: Node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    return functionName === '(idle)' ? '(idle)' : `${functionName || '(anonymous)'}  ${packageOf(url)}${url ? `:${lineNumber + 1}` : ''}`;
  };
  return `By package (self time per request):\n${top((node) => (node.callFrame.functionName === '(idle)' ? '(idle)' : packageOf(node.callFrame.url)), 20)}\n\nBy function:\n${top(frame, 40)}`;
}

/**
 * The collections of the load window, from V8's `--trace-gc-nvp` lines (`gc=s` a scavenge, any
 * other `gc=` a full collection). Promoted bytes are what outlived two scavenges: state that
 * lives longer than a request by design (usage rows waiting for their batch, open streams), or
 * a request kept alive by something old (see bench/README.md "Profiling").
 */
function summarizeGc(lines: string[], requests: number): string {
  let scavenges = 0;
  let full = 0;
  let allocated = 0;
  let promoted = 0;
  let pauseMs = 0;
  for (const line of lines) {
    const fields = new Map(
      line
        .split(/\s+/)
        .filter((word) => word.includes('='))
        .map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] as const),
    );
    const kind = fields.get('gc');
    if (!kind) continue;
    pauseMs += Number(fields.get('pause')) || 0;
    if (kind !== 's') {
      full++;
      continue;
    }
    scavenges++;
    allocated += Number(fields.get('allocated')) || 0;
    promoted += Number(fields.get('promoted')) || 0;
  }
  const perRequest = (bytes: number) => Math.round(bytes / requests);
  return (
    `Garbage collection while loaded: ${scavenges} scavenges and ${full} full collections; main-thread pauses ${Math.round((pauseMs * 1000) / requests)} µs per request.\n` +
    `Allocated ${perRequest(allocated)} bytes per request; promoted ${perRequest(promoted)} bytes per request (${allocated > 0 ? ((100 * promoted) / allocated).toFixed(1) : '0'}%).`
  );
}

type AllocationNode = { callFrame: Node['callFrame']; selfSize: number; children: AllocationNode[] };

/** BENCH_PROF_KIND=alloc: the child sampled allocations (garbage included), not CPU. */
function summarizeAllocations(head: AllocationNode, requests: number): string {
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, bytes: number) => map.set(key, (map.get(key) ?? 0) + bytes);
  const walk = (node: AllocationNode) => {
    if (node.selfSize > 0) {
      const { functionName, url, lineNumber } = node.callFrame;
      add(byPackage, packageOf(url), node.selfSize);
      add(byFunction, `${functionName || '(anonymous)'}  ${packageOf(url)}${url ? `:${lineNumber + 1}` : ''}`, node.selfSize);
    }
    node.children.forEach(walk);
  };
  walk(head);
  const top = (map: Map<string, number>, limit: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, bytes]) => `${Math.round(bytes / requests).toString().padStart(8)} B  ${name}`)
      .join('\n');
  const total = [...byPackage.values()].reduce((sum, bytes) => sum + bytes, 0);
  return `Allocated ${Math.round(total / requests)} bytes per request (sampled).\n\nBy package:\n${top(byPackage, 20)}\n\nBy function:\n${top(byFunction, 40)}`;
}

async function main() {
  const children: ServerChild[] = [];
  try {
    const upstream = await startChild('upstream', 'upstream-server.ts');
    children.push(upstream);
    const traceFlags = gcTrace ? ['--trace-gc-nvp'] : [];
    const gatehouse =
      target === 'gatehouse'
        ? await startChild('gatehouse', 'gatehouse-server.ts', { BENCH_UPSTREAM_URL: upstream.url }, undefined, [...gatehouseNodeFlags(), ...traceFlags])
        : await startChild(target, `${target}-server.ts`, { BENCH_UPSTREAM_URL: upstream.url }, undefined, traceFlags);
    children.push(gatehouse);
    const agent = new Agent({ connections: 128, pipelining: 1, keepAliveTimeout: 4_000 });
    const spec = (durationMs: number) => ({
      url: `${gatehouse.url}/v1/chat/completions`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${String(gatehouse.info.apiKey ?? 'none')}` },
      body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Say hello to the benchmark.' }], ...(stream ? { stream: true } : {}) }),
      stream,
      concurrency,
      durationMs,
      maxRequests: 1_000_000,
      agent,
      expectedText: 'Hello from fake!',
    });
    process.stderr.write(`warming up (${stream ? 'streaming' : 'JSON'} chat completions, concurrency ${concurrency})…\n`);
    await runLoad(spec(3_000));
    const file = path.join(repoRoot, 'bench', 'results', 'profiles', allocations ? 'window.heapprofile' : 'window.cpuprofile');
    mkdirSync(path.dirname(file), { recursive: true });
    const gcLines = gcTrace ? gatehouse.captureStdout!() : undefined;
    const before = await gatehouse.stats();
    const windowStart = gcLines?.length ?? 0;
    if (!gcTrace) await gatehouse.profile!('start');
    const load = await runLoad(spec(seconds * 1_000));
    // Let the last calls end; the stats request then writes their usage rows (see serveChild), inside the window.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const after = await gatehouse.stats();
    const windowLines = gcLines?.slice(windowStart);
    if (!gcTrace) await gatehouse.profile!('stop', file);
    await agent.close();
    if (process.env.BENCH_DIAG === '1') process.stdout.write(`Gatehouse diagnostics: ${JSON.stringify((await gatehouse.stats({ gc: true })).extra)}\n`);
    if (load.ok !== load.completed || load.completed === 0) throw new Error(`${load.completed - load.ok} of ${load.completed} responses failed, e.g. ${load.samples[0]}`);
    const cpuUs = after.cpuUserUs + after.cpuSystemUs - before.cpuUserUs - before.cpuSystemUs;
    const headline =
      `${load.completed} requests in ${(load.elapsedMs / 1000).toFixed(1)} s (${Math.round(load.completed / (load.elapsedMs / 1000))} req/s); ` +
      `${target}'s process CPU ${Math.round(cpuUs / load.completed)} µs per request (${gcTrace ? 'GC tracing' : 'profiling'} included; user ${Math.round((after.cpuUserUs - before.cpuUserUs) / load.completed)}, system ${Math.round((after.cpuSystemUs - before.cpuSystemUs) / load.completed)}).\n\n`;
    if (windowLines) {
      process.stdout.write(`${headline}${summarizeGc(windowLines, load.completed)}\n`);
      return;
    }
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Profile & { head?: AllocationNode };
    process.stdout.write(
      `${headline}${allocations && parsed.head ? summarizeAllocations(parsed.head, load.completed) : summarize(parsed, load.completed)}\n\nProfile: ${path.relative(process.cwd(), file)}\n`,
    );
  } finally {
    await Promise.all(children.map((child) => child.stop().catch(() => {})));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`profile failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});

/**
 * The parent side: starts each server under test in a process of its own and reads its CPU
 * time and memory, either over IPC (our TypeScript children, see child-ipc.ts) or from
 * /proc (a foreign server such as Portkey's, started as a plain command).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import type { ProcessStats, ProfileRequest, StatsRequest } from './child-ipc';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(benchDir, '..');

export type ServerChild = {
  name: string;
  url: string;
  pid: number;
  info: Record<string, unknown>;
  stats(options?: { gc?: boolean }): Promise<ProcessStats>;
  /** Our TypeScript children only: start a CPU profile, or stop it and write it to `file`. */
  profile?(action: 'start' | 'stop', file?: string): Promise<void>;
  /** stderr lines seen so far (the last 200) and how many there were in all. */
  stderr: { tail: string[]; lines: number };
  /** Our TypeScript children only: from now on keep the child's stdout lines (returned, and appended to as they come) instead of echoing them. */
  captureStdout?(): string[];
  /** Our TypeScript children only: send `{ type, id, ...payload }` and wait for the child's reply with the same type and id. */
  call?(type: string, payload?: Record<string, unknown>, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
};

function collectStderr(child: ChildProcess, name: string, echo: boolean) {
  const log = { tail: [] as string[], lines: 0 };
  let partial = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (!line.trim()) continue;
      log.lines++;
      log.tail.push(line);
      if (log.tail.length > 200) log.tail.shift();
      if (echo && log.lines <= 20) process.stderr.write(`[${name}] ${line}\n`);
      if (echo && log.lines === 21) process.stderr.write(`[${name}] ... (more stderr lines are counted in the results)\n`);
    }
  });
  return log;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // Generous when profiling: V8 writes the profile on the way out.
    const timer = setTimeout(() => child.kill('SIGKILL'), process.env.BENCH_CPU_PROF ? 30_000 : 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** BENCH_CPU_PROF=1 (or a comma-separated list of child names) writes V8 CPU profiles to bench/results/profiles/<name>/. */
function profileFlags(name: string): string[] {
  const wanted = process.env.BENCH_CPU_PROF;
  if (!wanted || (wanted !== '1' && !wanted.split(',').includes(name))) return [];
  // One file per thread (PGlite's worker is a thread of its own), so no fixed file name.
  return ['--cpu-prof', `--cpu-prof-dir=${path.join(benchDir, 'results', 'profiles', name)}`];
}

const compiled = new Map<string, Promise<string>>();

/**
 * The node flags `npm start` runs Gatehouse with (package.json's `start` script, e.g. the heap
 * settings), so the bench measures the server as deployed; BENCH_GATEHOUSE_NODE_FLAGS (space
 * separated) replaces them, to measure another setting in the same harness.
 */
export function gatehouseNodeFlags(): string[] {
  const override = process.env.BENCH_GATEHOUSE_NODE_FLAGS;
  if (override !== undefined) return override.split(/\s+/).filter(Boolean);
  const { scripts } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = scripts.start.split(/\s+/);
  const node = words.indexOf('node');
  const flags: string[] = [];
  for (const word of words.slice(node + 1)) {
    if (!word.startsWith('--')) break;
    flags.push(word);
  }
  return flags;
}

/**
 * `bench/<script>` compiled to plain JavaScript as `npm run build` compiles the server
 * (scripts/esbuild-options.mjs: our code bundled, packages external, `__GATEHOUSE_BUNDLED__`), so a
 * child runs under `node` as `npm start` runs Gatehouse: no tsx module hooks, no TypeScript
 * compiled at run time, none of their memory counted. Written to bench/results/compiled/.
 */
function compileChild(script: string, root = repoRoot): Promise<string> {
  const key = `${root}:${script}`;
  let done = compiled.get(key);
  if (!done) {
    done = (async () => {
      const { build } = await import('esbuild');
      const outdir = path.join(benchDir, 'results', 'compiled', ...(root === repoRoot ? [] : ['checkout']));
      mkdirSync(outdir, { recursive: true });
      const outfile = path.join(outdir, script.replace(/\.ts$/, '.mjs'));
      // @ts-expect-error a plain .mjs module without types
      const { serverBuildOptions } = (await import('../scripts/esbuild-options.mjs')) as { serverBuildOptions: BuildOptions };
      await build({ ...serverBuildOptions, tsconfig: path.join(root, 'tsconfig.json'), entryPoints: [path.join(root, 'bench', script)], outfile });
      return outfile;
    })();
    compiled.set(key, done);
  }
  return done;
}

/**
 * Forks `bench/<script>`, compiled (see compileChild), and waits for it to report `ready` with its URL.
 * `root` compiles the script and the sources it imports from another checkout (packages still come from this one).
 */
export async function startChild(name: string, script: string, env: Record<string, string> = {}, timeoutMs = 60_000, nodeFlags: string[] = [], root = repoRoot): Promise<ServerChild> {
  const child = fork(await compileChild(script, root), [], {
    cwd: repoRoot,
    execArgv: [...nodeFlags, '--expose-gc', ...profileFlags(name)],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const stderr = collectStderr(child, name, true);
  // Echoed as if inherited, until a caller takes the lines (V8's --trace-gc-nvp writes to stdout).
  let stdoutLines: string[] | undefined;
  let partialLine = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (text: string) => {
    if (!stdoutLines) return void process.stdout.write(text);
    const parts = (partialLine + text).split('\n');
    partialLine = parts.pop() ?? '';
    stdoutLines.push(...parts);
  });
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms`)), timeoutMs);
    child.on('message', (message: { type?: string; message?: string }) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve(message as Record<string, unknown>);
      } else if (message?.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${name} failed to start: ${message.message}`));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited during startup (code ${code}, signal ${signal}); stderr:\n${stderr.tail.join('\n')}`));
    });
  }).catch(async (error: unknown) => {
    await stopProcess(child);
    throw error;
  });

  let nextId = 1;
  const waiting = new Map<number, (stats: ProcessStats) => void>();
  const profiling = new Map<number, (error?: string) => void>();
  const calls = new Map<number, (reply: Record<string, unknown>) => void>();
  child.on('message', (message: { type?: string; id?: number; stats?: ProcessStats; error?: string }) => {
    if (message?.id !== undefined && calls.has(message.id)) {
      calls.get(message.id)!(message as Record<string, unknown>);
      calls.delete(message.id);
      return;
    }
    if (message?.type === 'profile' && message.id !== undefined) {
      profiling.get(message.id)?.(message.error);
      profiling.delete(message.id);
      return;
    }
    if (message?.type !== 'stats' || message.id === undefined) return;
    waiting.get(message.id)?.(message.stats!);
    waiting.delete(message.id);
  });
  return {
    name,
    url: String(ready.url),
    pid: child.pid!,
    info: ready,
    stderr,
    captureStdout: () => (stdoutLines ??= []),
    stats: ({ gc = false } = {}) =>
      new Promise<ProcessStats>((resolve, reject) => {
        if (!child.connected) return reject(new Error(`${name} is not running (exit code ${child.exitCode})`));
        const id = nextId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${name} did not answer a stats request`));
        }, 30_000);
        waiting.set(id, (stats) => {
          clearTimeout(timer);
          resolve(stats);
        });
        child.send({ type: 'stats', id, gc } satisfies StatsRequest);
      }),
    profile: (action, file) =>
      new Promise<void>((resolve, reject) => {
        const id = nextId++;
        profiling.set(id, (error) => (error ? reject(new Error(error)) : resolve()));
        child.send({ type: 'profile', id, action, file } satisfies ProfileRequest);
      }),
    call: (type, payload = {}, timeoutMs = 120_000) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        if (!child.connected) return reject(new Error(`${name} is not running (exit code ${child.exitCode})`));
        const id = nextId++;
        const timer = setTimeout(() => {
          calls.delete(id);
          reject(new Error(`${name} did not answer '${type}' within ${timeoutMs} ms`));
        }, timeoutMs);
        calls.set(id, (reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
        child.send({ ...payload, type, id });
      }),
    stop: () => stopProcess(child),
  };
}

/**
 * Resets a process's peak RSS (VmHWM) to its current RSS (Linux `clear_refs`), so the next
 * `memoryOf` reads the peak over a cell rather than over the process's life. False when the
 * kernel does not allow it (the peak is then the life-time one).
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Current and peak RSS (VmRSS, VmHWM) of one process, bytes, from /proc; threads (PGlite's worker) included. */
export function memoryOf(pid: number): { rssBytes: number; peakRssBytes: number } {
  const kb = (status: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rssBytes: kb(status, 'VmRSS'), peakRssBytes: kb(status, 'VmHWM') };
  } catch {
    return { rssBytes: 0, peakRssBytes: 0 };
  }
}

/**
 * The addresses a process listens on over TCP (Linux /proc: its socket inodes matched with
 * /proc/net/tcp and tcp6 entries in state LISTEN), e.g. ['127.0.0.1:43123']; '0.0.0.0:…' or
 * '[::]:…' means every interface.
 */
export function listeningAddresses(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // the descriptor closed meanwhile
    }
  }
  const out: string[] = [];
  for (const table of ['tcp', 'tcp6']) {
    let text = '';
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== '0A' || !inodes.has(fields[9])) continue;
      const [hex, portHex] = fields[1].split(':');
      const port = parseInt(portHex, 16);
      if (hex.length === 8) out.push(`${[0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16)).reverse().join('.')}:${port}`);
      else out.push(`[${hex === '00000000000000000000000001000000' ? '::1' : hex === '0'.repeat(32) ? '::' : hex}]:${port}`);
    }
  }
  return out;
}

const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ

/** CPU and memory of any process from /proc (Linux only), for servers that cannot be asked over IPC. */
export function procStats(pid: number): ProcessStats {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces), 1-based field 14 = utime, 15 = stime.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const tickUs = 1_000_000 / CLOCK_TICKS_PER_SECOND;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return {
    cpuUserUs: Number(fields[11]) * tickUs,
    cpuSystemUs: Number(fields[12]) * tickUs,
    maxRssBytes: kb('VmHWM'),
    rssBytes: kb('VmRSS'),
    heapUsedBytes: 0,
    loopDelay: { p50: Number.NaN, p99: Number.NaN, max: Number.NaN },
    extra: { source: '/proc' },
  };
}

/** Starts a foreign server command and waits until `probeUrl` answers at all (any status). */
export async function startExternal(name: string, command: string, args: string[], url: string, probePath: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<ServerChild> {
  const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = collectStderr(child, name, true);
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited during startup (code ${child.exitCode}); stderr:\n${stderr.tail.join('\n')}`);
    try {
      await fetch(url + probePath, { signal: AbortSignal.timeout(1_000) });
      break;
    } catch {
      if (Date.now() - started > timeoutMs) {
        await stopProcess(child);
        throw new Error(`${name} did not answer on ${url} within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    name,
    url,
    pid: child.pid!,
    info: { url },
    stderr,
    stats: async () => procStats(child.pid!),
    stop: () => stopProcess(child),
  };
}

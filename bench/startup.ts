/**
 * Start time and memory of `npm start` (issue 14/15): spawns the start command, times the first
 * 200 on `/v1/models`, reads the resident memory (VmRSS) of every process it left (npm, the
 * shell if any, node) when idle, then after the console's first page (Next loaded lazily).
 *
 *   npm run build && npm run bench:startup                   PGlite in a scratch folder
 *   BENCH_DATABASE_URL=postgres://… npm run bench:startup     PostgreSQL
 *   npm run bench:startup -- --runs 5 --command "tsx server/main.ts"
 *
 * The first run sets up an empty database (migrations, catalog seed, first team); the following
 * ones are restarts on the same data, which is what an operator's deploys do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const argument = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
};
const runs = Math.min(20, Math.max(1, Number(argument('runs', '4'))));
const command = argument('command', 'npm start');
const databaseUrl = process.env.BENCH_DATABASE_URL;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** This process and its descendants, with their resident memory in MB. */
function processTree(root: number): Array<{ pid: number; name: string; rssMb: number }> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  return tree.flatMap((pid) => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const name = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?';
      const rss = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0);
      return [{ pid, name, rssMb: Math.round(rss / 1024) }];
    } catch {
      return [];
    }
  });
}

async function waitFor200(url: string, child: ChildProcess, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no 200 from ${url} within ${deadlineMs} ms`);
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const describe = (tree: ReturnType<typeof processTree>) => tree.map((p) => `${p.name} ${p.rssMb} MB`).join(', ');

async function once(dataDir: string, label: string): Promise<void> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(command, {
    shell: true,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_LOG_LEVEL: 'warn',
      GATEHOUSE_SECRET: 'a-secret-for-the-startup-benchmark-0123456789',
      ...(databaseUrl && { DATABASE_URL: databaseUrl }),
    },
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4_000)));
  try {
    await waitFor200(`http://127.0.0.1:${port}/v1/models`, child, 60_000);
    const firstOk = Date.now() - started;
    await settle(2_000);
    const idle = processTree(child.pid!);
    const consoleStarted = Date.now();
    const page = await fetch(`http://127.0.0.1:${port}/login`, { redirect: 'manual' });
    await page.arrayBuffer();
    const consoleMs = Date.now() - consoleStarted;
    await settle(2_000);
    const loaded = processTree(child.pid!);
    process.stdout.write(
      `${label}: first 200 on /v1/models ${firstOk} ms | idle: ${describe(idle)} | console's first page ${page.status} in ${consoleMs} ms | then: ${describe(loaded)}\n`,
    );
  } catch (error) {
    process.stdout.write(`${label}: failed: ${(error as Error).message}\n${errors}\n`);
  } finally {
    // The whole group (npm, its shell, node): npm does not always pass the signal on.
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await settle(500);
  }
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-startup-'));
process.stdout.write(`command: ${command}; database: ${databaseUrl ? 'PostgreSQL' : 'PGlite'}\n`);
try {
  for (let run = 0; run < runs; run++) await once(dataDir, run === 0 ? 'first start' : `restart ${run}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { onCleanup } from './cleanup';

/** The port if nothing listens on it, else one the kernel picks. */
export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(freePort(0)));
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function postgresBin(tool: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((version) => path.join(root, version, 'bin', tool)).find((file) => existsSync(file));
  if (!found) throw new Error(`no PostgreSQL ${tool} under ${root}: install the postgresql package`);
  return found;
}

/** Runs a PostgreSQL tool as the postgres user (the server refuses to run as root). */
function asPostgres(tool: string, args: string[]): string {
  const command = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', postgresBin(tool), ...args]] as const : [postgresBin(tool), args] as const;
  return execFileSync(command[0], [...command[1]], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export type Postgres = { url: string; crash(): void; start(): void };

/**
 * A PostgreSQL cluster of our own in `dir`: trust auth, 127.0.0.1 only, fsync off (a crash of
 * the server process, not of the machine, is what we simulate; synchronous_commit stays on so a
 * commit is in the kernel before it is acknowledged and survives `pg_ctl restart -m immediate`).
 */
export async function startPostgres(dir: string, preferredPort: number): Promise<Postgres> {
  const data = path.join(dir, 'pgdata');
  mkdirSync(data, { recursive: true });
  if (process.getuid?.() === 0) {
    // mkdtemp's folder is root's and 0700: the postgres user must be able to pass through it.
    chmodSync(path.dirname(dir), 0o711);
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(data, uid, gid);
  }
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort(preferredPort);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const running = () => {
    try {
      asPostgres('pg_ctl', ['-D', data, 'status']);
      return true;
    } catch {
      return false;
    }
  };
  const start = () => {
    if (!running()) asPostgres('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-o', options, '-w', '-t', '60', 'start']);
  };
  start();
  onCleanup('stop PostgreSQL', () => {
    if (running()) asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    // `-m immediate`: every server process quits at once, no checkpoint; the next start runs crash recovery.
    crash: () => void asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    start,
  };
}

export type Redis = { url: string; kill(): void; start(): Promise<void>; running(): boolean; freeze(): void; thaw(): void };

/** A redis-server of our own: 127.0.0.1 only, no persistence (a restart starts empty, as after a crash with no AOF). */
export async function startRedis(preferredPort: number): Promise<Redis> {
  const port = await freePort(preferredPort);
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: 'ignore' });
    await waitForPort(port, 10_000);
  };
  await start();
  onCleanup('stop Redis', () => void child?.kill('SIGKILL'));
  return {
    url: `redis://127.0.0.1:${port}`,
    kill: () => void child?.kill('SIGKILL'),
    // SIGSTOP: the process stops answering, its connections stay open (a hang, not a crash).
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    start,
    running: () => Boolean(child && child.exitCode === null && child.signalCode === null),
  };
}

/** Resolves once something accepts connections on the port. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

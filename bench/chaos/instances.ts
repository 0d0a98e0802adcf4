import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../children';
import { onCleanup } from './cleanup';
import { waitForPort } from './services';

export type Instance = {
  name: string;
  url: string;
  /** False from a kill until the restart answers: the load balancer's health check, in effect. */
  up: boolean;
  start(): Promise<void>;
  kill9(): void;
  /** SIGTERM and wait: the graceful path, which flushes the meter. */
  stop(): Promise<void>;
  running(): boolean;
  /** Exits nobody asked for (a crash of its own), with the last lines it wrote. */
  crashes: Array<{ time: number; how: string; lastLines: string }>;
};

/**
 * One Gatehouse process (`tsx server/main.ts`, no console) on a fixed port, so a restart comes
 * back where the clients look for it. Its stdout and stderr go to `<dir>/<name>.log`.
 */
export function gatehouseInstance(name: string, port: number, dir: string, env: Record<string, string>): Instance {
  const dataDir = path.join(dir, `${name}-data`);
  mkdirSync(dataDir, { recursive: true });
  const log = createWriteStream(path.join(dir, `${name}.log`), { flags: 'a' });
  let child: ChildProcess | undefined;
  let expectingExit = false;
  let recent = '';
  const running = () => Boolean(child && child.exitCode === null && child.signalCode === null);
  const instance: Instance = {
    name,
    url: `http://127.0.0.1:${port}`,
    up: false,
    running,
    crashes: [],
    async start() {
      expectingExit = false;
      child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: repoRoot,
        env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', GATEHOUSE_SKIP_CONSOLE: '1', GATEHOUSE_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.pipe(log, { end: false });
      child.stderr!.pipe(log, { end: false });
      const remember = (chunk: Buffer) => {
        recent = (recent + chunk.toString()).slice(-2_000);
      };
      child.stdout!.on('data', remember);
      child.stderr!.on('data', remember);
      const self = child;
      child.once('exit', (code, signal) => {
        // A killed child's exit can arrive after its replacement started (a loaded machine):
        // it is the kill's, not a crash of the new one.
        if (child !== self) return;
        instance.up = false;
        if (expectingExit) return;
        instance.crashes.push({ time: Date.now(), how: `exit ${code ?? signal}`, lastLines: recent.trim().split('\n').slice(-6).join('\n') });
        // As a supervisor would: back after a second (each crash is still reported).
        setTimeout(() => {
          if (!expectingExit && !running()) instance.start().catch(() => {});
        }, 1_000).unref();
      });
      const exited = new Promise<never>((_, reject) => child!.once('exit', (code, signal) => reject(new Error(`${name} exited during start (${code ?? signal}); see ${name}.log`))));
      await Promise.race([waitForPort(port, 90_000), exited]);
      exited.catch(() => {});
      instance.up = true;
    },
    kill9() {
      instance.up = false;
      expectingExit = true;
      child?.kill('SIGKILL');
    },
    stop() {
      instance.up = false;
      expectingExit = true;
      if (!running()) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => child?.kill('SIGKILL'), 20_000);
        child!.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child!.kill('SIGTERM');
      });
    },
  };
  onCleanup(`stop ${name}`, () => {
    expectingExit = true;
    if (running()) child!.kill('SIGKILL');
    log.end();
  });
  return instance;
}

import { spawn, type ChildProcess } from 'node:child_process';

export type GatehouseProcess = { url: string; process: ChildProcess; exited: Promise<void> };

/**
 * `server/main.ts` as its own process on a free loopback port (gateway and admin API only), for
 * tests that need what only a real process has: several instances on one database, or kill -9.
 * Resolves once it listens; rejects with its output if it exits or does not start within a minute.
 */
export function startGatehouseProcess(env: Record<string, string>): Promise<GatehouseProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', GATEHOUSE_SKIP_CONSOLE: '1', GATEHOUSE_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`instance did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Gatehouse on (http:\/\/\S+?) /.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1].replace('localhost', '127.0.0.1'), process: child, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}:\n${output}`)));
  });
}

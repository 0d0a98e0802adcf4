import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeUpstream, type FakeUpstream } from '../test/fake-upstream';
import { systemCredentialsEnv } from '../test/fake-upstream/system-credentials';
import { ensureProductionBuild, ensureServerBuild } from './build';
import { startControlServer } from './control-server';

const root = fileURLToPath(new URL('..', import.meta.url));
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `npm start` and resolves once it listens, with the setup link it printed. */
function startGatehouse(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; setupUrl: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DATABASE_URL;
  delete childEnv.REDIS_URL;
  const child = spawn('npm', ['start'], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Gatehouse did not start within 90 s:\n${output}`)), 90_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      if (process.env.E2E_SERVER_LOG) process.stderr.write(chunk);
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.E2E_SERVER_LOG) process.stdout.write(chunk);
      const setup = /(https?:\/\/\S+\/setup\?token=[\w-]+)/.exec(output);
      const listening = /Gatehouse on (http:\/\/\S+) /.exec(output);
      if (setup && listening) {
        clearTimeout(timer);
        resolve({ child, url: listening[1], setupUrl: setup[1] });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Gatehouse exited with ${code}:\n${output}`));
    });
  });
}

/**
 * Fake upstreams for OpenAI, Anthropic and Gemini, a fresh data folder, and Gatehouse itself
 * from the production build. Tests find everything through E2E_* variables.
 */
export default async function globalSetup() {
  ensureProductionBuild(root);
  ensureServerBuild(root);
  const upstreams = {
    openai: await startFakeUpstream({ name: 'openai' }),
    anthropic: await startFakeUpstream({ name: 'anthropic' }),
    google: await startFakeUpstream({ name: 'google' }),
  } satisfies Record<string, FakeUpstream>;
  const control = await startControlServer(upstreams);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-e2e-'));
  const port = await freePort();
  const gatehouse = await startGatehouse({
    NODE_ENV: 'production',
    GATEHOUSE_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    GATEHOUSE_LOG_LEVEL: 'warn',
    GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN,
    GATEHOUSE_METER_FLUSH_MS: '50',
    GATEHOUSE_CACHE_TTL_MS: '1000',
    // The OIDC issuer and BYOK upstreams the specs start live on this machine: the operator allows them.
    GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: '127.0.0.1',
    ...systemCredentialsEnv(upstreams),
    NEXT_TELEMETRY_DISABLED: '1',
  });
  process.env.E2E_BASE_URL = gatehouse.url;
  process.env.E2E_SETUP_URL = gatehouse.setupUrl;
  process.env.E2E_CONTROL_URL = control.url;
  process.env.E2E_ADMIN_TOKEN = ADMIN_TOKEN;

  return async () => {
    if (gatehouse.child.pid) {
      try {
        process.kill(-gatehouse.child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    control.server.close();
    await Promise.all(Object.values(upstreams).map((upstream) => upstream.close()));
    rmSync(dataDir, { recursive: true, force: true });
  };
}

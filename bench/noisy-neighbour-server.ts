/**
 * Child process for `npm run bench:noisy`: Gatehouse's lean server on 127.0.0.1 (PGlite in a
 * scratch folder), the OpenAI provider pointed at the fake upstream, and two teams with a key
 * each: `noisy` on BENCH_NOISY_PLAN and `quiet` on 'unlimited'. The noisy team's cap comes from
 * its plan, or GATEHOUSE_TEAM_MAX_CONCURRENCY as the parent sets it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnv } from '@/lib/env';
import { createRuntime } from '@/lib/runtime';
import { createApiKey } from '@/lib/services/keys/create-api-key';
import { createTeam } from '@/lib/services/teams/create-team';
import { createGatehouseServer } from '../server/create-server';
import { failChild, serveChild } from './child-ipc';

async function main() {
  const upstream = process.env.BENCH_UPSTREAM_URL;
  if (!upstream) throw new Error('BENCH_UPSTREAM_URL is not set');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-noisy-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const env = parseEnv({
    GATEHOUSE_DATA_DIR: dataDir,
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: `${upstream}/v1`,
    GATEHOUSE_LOG_LEVEL: 'error',
    GATEHOUSE_TEAM_MAX_CONCURRENCY: process.env.GATEHOUSE_TEAM_MAX_CONCURRENCY,
    PORT: '0',
  });
  const runtime = await createRuntime(env);
  const ctx = runtime.serviceContext({ kind: 'cli' });
  const keys: Record<string, string> = {};
  for (const [name, plan] of [['noisy', process.env.BENCH_NOISY_PLAN || 'pro'], ['quiet', 'unlimited']] as const) {
    const team = await createTeam({ ctx, input: { name, plan, initialCreditsMicros: 1_000_000_000_000 } });
    keys[name] = (await createApiKey({ ctx, input: { team: team.id, name } })).key;
  }
  const server = createGatehouseServer(runtime, undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  serveChild({ url: `http://127.0.0.1:${port}`, noisyKey: keys.noisy, quietKey: keys.quiet }, async () => ({ meterBuffered: runtime.gateway.meter.size }));
}

main().catch(failChild);

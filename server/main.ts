import { writeFileSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { bootstrap } from '@/lib/bootstrap';
import { getEnv } from '@/lib/env';
import { createRuntime, setRuntime } from '@/lib/runtime';
import { createGatehouseServer } from './create-server';
import { drainOnSignals } from './drain';
import { lazyConsole } from './lazy-console';
import { loadNext } from './load-next';

async function main() {
  const env = getEnv();
  const runtimePromise = createRuntime(env);
  setRuntime(runtimePromise);
  const runtime = await runtimePromise;
  await bootstrap(runtime, (text) => process.stdout.write(`${text}\n`));
  // The gateway serves at once; Next is loaded by the console's first request.
  let port = env.PORT;
  const next = env.GATEHOUSE_SKIP_CONSOLE ? undefined : lazyConsole(() => loadNext(port, env.HOST), runtime.logger);
  const server = createGatehouseServer(runtime, next);
  await runtime.gateway.telemetry?.listen();
  server.keepAliveTimeout = 65_000;
  server.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : env.PORT;
    const url = `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${port}`;
    if (!env.DATABASE_URL) {
      // Lets the CLI find this process, so it goes through the admin API instead of opening the embedded database twice.
      mkdirSync(env.GATEHOUSE_DATA_DIR, { recursive: true });
      writeFileSync(path.resolve(env.GATEHOUSE_DATA_DIR, 'server.json'), JSON.stringify({ url, pid: process.pid }));
    }
    runtime.logger.info('Gatehouse is listening', { url, database: runtime.database.kind, console: Boolean(next) });
    process.stdout.write(`Gatehouse on ${url} (OpenAI-compatible base URL: ${url}/v1)\n`);
  });

  const onSignal = drainOnSignals({
    server,
    timeoutMs: env.GATEHOUSE_DRAIN_TIMEOUT_MS,
    startDraining: () => runtime.gateway.readiness?.startDraining(),
    close: async () => {
      await runtime.close();
      if (!env.DATABASE_URL) rmSync(path.resolve(env.GATEHOUSE_DATA_DIR, 'server.json'), { force: true });
    },
    log: (message, fields) => runtime.logger.info(message, fields),
    exit: (code) => process.exit(code),
  });
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

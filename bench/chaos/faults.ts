import type { Instance } from './instances';
import type { Postgres, Redis } from './services';

/** `at` in seconds from the start of the load; `killed` names the instance a kill -9 took down, `time` when (epoch ms). */
export type Fault = { at: number; time: number; what: string; downMs: number; killed?: string; error?: string };

/** The fault during which requests must keep being answered (ledger-checks.ts). */
export const REDIS_FREEZE = 'Redis: SIGSTOP (hangs, connections open), SIGCONT after 3 s';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The fault schedule, spread over the load: kill -9 an instance and restart it, restart
 * PostgreSQL with `-m immediate` (a crash, no checkpoint), kill -9 Redis and restart it empty,
 * freeze Redis (SIGSTOP: it stops answering, connections open) and thaw it, then kill the other
 * instance. Each fault is timed from the start of the load.
 */
export async function injectFaults(options: { started: number; durationMs: number; instances: Instance[]; postgres: Postgres; redis: Redis; log: (line: string) => void }): Promise<Fault[]> {
  const { started, durationMs, instances, postgres, redis, log } = options;
  const faults: Fault[] = [];
  const at = (fraction: number) => sleep(Math.max(0, started + durationMs * fraction - Date.now()));
  const record = async (what: string, run: () => Promise<void> | void, killed?: string) => {
    const begin = Date.now();
    const fault: Fault = { at: (begin - started) / 1000, time: begin, what, downMs: 0, killed };
    log(`  t=${fault.at.toFixed(1)} s  ${what}`);
    try {
      await run();
    } catch (error) {
      fault.error = (error as Error).message;
      log(`    failed: ${fault.error}`);
    }
    fault.downMs = Date.now() - begin;
    faults.push(fault);
  };
  const killAndRestart = (instance: Instance) => async () => {
    instance.kill9();
    await sleep(1_000);
    await instance.start();
  };

  await at(0.15);
  await record(`kill -9 ${instances[0].name}, restart`, killAndRestart(instances[0]), instances[0].name);
  await at(0.4);
  // A restart with a few seconds between stop and start, so requests meet a database that is down, not only a reconnect.
  await record('PostgreSQL: pg_ctl stop -m immediate, start after 3 s', async () => {
    postgres.crash();
    await sleep(3_000);
    postgres.start();
  });
  await at(0.6);
  await record('Redis: kill -9, restart empty after 2 s', async () => {
    redis.kill();
    await sleep(2_000);
    await redis.start();
  });
  await at(0.7);
  await record(REDIS_FREEZE, async () => {
    redis.freeze();
    await sleep(3_000);
    redis.thaw();
  });
  await at(0.8);
  await record(`kill -9 ${instances[1].name}, restart`, killAndRestart(instances[1]), instances[1].name);
  return faults;
}

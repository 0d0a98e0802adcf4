/**
 * `npm run chaos`: load over two Gatehouse instances on a PostgreSQL cluster and a Redis of
 * their own, while an instance is killed with -9, PostgreSQL restarts (immediate) and Redis is
 * killed; then the ledger is checked. Exits 1 if any check fails. See bench/README.md.
 *
 *   CHAOS_SECONDS (default 60)   how long the load runs
 *   CHAOS_CLIENTS (default 16)   concurrent clients
 */
import path from 'node:path';
import { startFakeUpstream, type FakeUpstream } from '../test/fake-upstream';
import { systemCredentialsEnv } from '../test/fake-upstream/system-credentials';
import { cleanUp, cleanUpOnSignals, onCleanup, scratchDir } from './chaos/cleanup';
import { injectFaults } from './chaos/faults';
import { gatehouseInstance, type Instance } from './chaos/instances';
import { checkLedger, waitForQuietLedger } from './chaos/ledger-checks';
import { emptyTally, runLoad, type ChaosTeam } from './chaos/load';
import { freePort, startPostgres, startRedis } from './chaos/services';

const seconds = Number(process.env.CHAOS_SECONDS ?? 60);
const clients = Number(process.env.CHAOS_CLIENTS ?? 16);
const ADMIN_TOKEN = 'chaos-admin-token-0123456789abcdef';
const KEY_SPEND_LIMIT = '0.002';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function admin<T>(instance: Instance, route: string, body: unknown): Promise<T> {
  const response = await fetch(`${instance.url}/api/admin${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`admin POST ${route}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function createTeams(instance: Instance): Promise<ChaosTeam[]> {
  const specs: Array<{ name: string; credits: string; kind: ChaosTeam['kind']; spendLimit?: string; plan?: string }> = [
    { name: 'rich-1', credits: '1000', kind: 'rich' },
    { name: 'rich-2', credits: '1000', kind: 'rich' },
    // On a plan with rate limits (1,000 a minute, more than it sends): its every request asks the shared limiter in Redis.
    { name: 'rich-3', credits: '1000', kind: 'rich', plan: 'pro' },
    // Below the strict-credit threshold ($5 by default): its requests take credit holds.
    { name: 'modest', credits: '3', kind: 'modest' },
    // One cent, a cheap model whose providers fail and an expensive fallback.
    { name: 'poor', credits: '0.01', kind: 'poor' },
    { name: 'limited', credits: '1000', kind: 'limited', spendLimit: KEY_SPEND_LIMIT },
  ];
  const teams: ChaosTeam[] = [];
  for (const spec of specs) {
    const team = await admin<{ id: string }>(instance, '/teams', { name: `chaos ${spec.name}`, initialCredits: spec.credits, ...(spec.plan ? { plan: spec.plan } : {}) });
    const key = await admin<{ id: string; key: string }>(instance, `/teams/${team.id}/keys`, { name: spec.name, ...(spec.spendLimit ? { spendLimit: spec.spendLimit, spendLimitPeriod: 'total' } : {}) });
    teams.push({ name: spec.name, id: team.id, key: key.key, keyId: key.id, kind: spec.kind, rateLimited: spec.plan !== undefined });
  }
  return teams;
}

async function expectModels(instance: Instance, key: string, ids: string[]) {
  for (const id of ids) {
    const response = await fetch(`${instance.url}/v1/models/${id}`, { headers: { authorization: `Bearer ${key}` } });
    if (!response.ok) throw new Error(`model ${id} is not in the catalog (${response.status}): the chaos mix needs it`);
  }
}

async function main(): Promise<number> {
  cleanUpOnSignals();
  const began = Date.now();
  const dir = scratchDir();
  log(`chaos: ${seconds} s of load from ${clients} clients; scratch ${dir}`);

  const postgres = await startPostgres(path.join(dir, 'pg'), 55432);
  const redis = await startRedis(56379);
  log(`  PostgreSQL ${postgres.url}, Redis ${redis.url}`);

  const upstreams: Record<string, FakeUpstream> = {};
  for (const name of ['openai', 'anthropic', 'google', 'groq', 'moonshotai']) {
    upstreams[name] = await startFakeUpstream({ name });
    onCleanup(`stop fake ${name}`, () => upstreams[name].close());
  }
  // Slowish streams (about half a second), so kills and aborts land mid-stream.
  const slow = { kind: 'reply', text: Array.from({ length: 24 }, (_, index) => `word${index}`).join(' '), chunkDelayMs: 20 } as const;
  upstreams.openai.setDefault(slow);
  upstreams.anthropic.setDefault(slow);
  // kimi-k2's providers are down: the poor team's calls fall back to the dear openai/gpt-4.
  upstreams.groq.setDefault({ kind: 'error', status: 503 });
  upstreams.moonshotai.setDefault({ kind: 'error', status: 503 });

  const env = {
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    GATEHOUSE_SECRET: 'chaos-shared-secret-for-both-instances-0123456789',
    GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN,
    GATEHOUSE_DEFAULT_PLAN: 'unlimited',
    GATEHOUSE_LOG_LEVEL: 'warn',
    ...systemCredentialsEnv(upstreams),
  };
  const instances = [gatehouseInstance('gatehouse-a', await freePort(), dir, env), gatehouseInstance('gatehouse-b', await freePort(), dir, env)];
  // One after the other: the first applies the migrations.
  for (const instance of instances) await instance.start();
  log(`  ${instances.map((instance) => `${instance.name} ${instance.url}`).join(', ')}`);

  const teams = await createTeams(instances[0]);
  await expectModels(instances[1], teams[0].key, ['openai/gpt-4o', 'openai/gpt-4', 'moonshotai/kimi-k2', 'anthropic/claude-sonnet-4', 'openai/text-embedding-3-small']);

  log('load and faults:');
  const tally = emptyTally();
  const started = Date.now();
  const durationMs = seconds * 1000;
  const [, faults] = await Promise.all([
    runLoad({ instances, teams, clients, until: started + durationMs, tally }),
    injectFaults({ started, durationMs, instances, postgres, redis, log }),
  ]);
  log(`  load ended after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Bring back anything still down, then let every meter write what it holds.
  if (!redis.running()) await redis.start();
  postgres.start();
  for (const instance of instances) if (!instance.running()) await instance.start();
  const rows = await waitForQuietLedger(postgres.url, 30_000);
  log(`  usage log quiet at ${rows} rows`);

  const { checks, figures } = await checkLedger(postgres.url, tally, faults, teams, { keySpendLimitMicros: Number(KEY_SPEND_LIMIT) * 1e6, instances: instances.length });

  log('\nrequests');
  log(`  sent ${tally.sent}; clients left ${tally.aborted.beforeHead} before the response head and ${tally.aborted.midStream} mid-stream`);
  const outcomes = [...tally.byOutcome].sort((a, b) => b[1] - a[1]);
  const succeeded = outcomes.filter(([outcome]) => outcome.startsWith('2')).reduce((sum, [, n]) => sum + n, 0);
  log(`  succeeded (2xx) ${succeeded}, failed ${tally.sent - succeeded}`);
  for (const [outcome, n] of outcomes) log(`    ${String(n).padStart(6)}  ${outcome}`);
  log('faults injected');
  for (const fault of faults) log(`  t=${fault.at.toFixed(1)} s  ${fault.what} (${(fault.downMs / 1000).toFixed(1)} s)${fault.error ? `  FAILED: ${fault.error}` : ''}`);
  log('figures');
  for (const [name, value] of Object.entries(figures)) log(`  ${name}: ${value}`);
  const crashes = instances.flatMap((instance) => instance.crashes.map((crash) => ({ ...crash, name: instance.name })));
  checks.push({
    name: 'no instance died on its own',
    ok: crashes.length === 0,
    detail: crashes.length ? crashes.map((crash) => `${crash.name} at t=${((crash.time - started) / 1000).toFixed(1)} s (${crash.how}):\n      ${crash.lastLines.replace(/\n/g, '\n      ')}`).join('\n    ') : 'none',
  });
  log('checks');
  for (const check of checks) log(`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}: ${check.detail}`);
  log(`\nchaos run took ${((Date.now() - began) / 1000).toFixed(0)} s; instance logs were in ${dir} (removed)`);
  return checks.every((check) => check.ok) && faults.every((fault) => !fault.error) ? 0 : 1;
}

main()
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    process.stderr.write(`chaos: ${(error as Error)?.stack ?? error}\n`);
    await cleanUp();
    process.exit(2);
  });

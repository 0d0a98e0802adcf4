/**
 * PGlite's memory and write throughput with its default settings and with Gatehouse's
 * (db/pglite-settings.mjs): each in a fresh process, with a workload shaped like the usage meter
 * (batched inserts of usage-like rows, each batch in a transaction) and then the console's kind of
 * aggregate read. Reports the process's resident memory after each phase.
 *
 *   npx tsx bench/pglite-memory.ts            both, one after the other
 *   npx tsx bench/pglite-memory.ts --rows 100000
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from '../db/pglite-settings.mjs';

const argument = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
};
const rows = Math.min(2_000_000, Math.max(1_000, Number(argument('rows', '60000'))));
const batch = 100;

const rssMb = () => Math.round(Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024);

/** Measures a restart, as an operator's deploys are: the first start's initdb leaves garbage that distorts it. */
async function measure(mode: string, dataDir: string): Promise<void> {
  {
    const before = rssMb();
    const db = mode === 'default' ? await PGlite.create(dataDir) : await PGlite.create(dataDir, pgliteOptions());
    const opened = rssMb();
    await db.exec(`create table usage (id bigserial primary key, generation_id text unique not null, team_id text not null, model text not null,
      input_tokens int not null, output_tokens int not null, cost_micros bigint not null, created_at timestamptz not null default now());
      create index on usage (team_id, created_at)`);
    const started = performance.now();
    for (let at = 0; at < rows; at += batch) {
      const values = Array.from({ length: batch }, (_, i) => `('gen_${at + i}', 'team_${(at + i) % 50}', 'openai/gpt-4o', ${i}, ${i * 2}, ${i * 7})`).join(',');
      await db.exec(`begin; insert into usage (generation_id, team_id, model, input_tokens, output_tokens, cost_micros) values ${values}; commit;`);
    }
    const writeMs = performance.now() - started;
    const written = rssMb();
    const readStarted = performance.now();
    for (let i = 0; i < 20; i++) {
      await db.query(`select team_id, model, date_trunc('hour', created_at) as hour, sum(cost_micros), count(*) from usage where team_id = $1 group by 1, 2, 3 order by 3`, [`team_${i}`]);
    }
    await db.query('select count(distinct generation_id) from usage');
    const readMs = performance.now() - readStarted;
    const read = rssMb();
    await db.close();
    process.stdout.write(
      `${mode.padEnd(8)} rss MB: start ${before}, opened ${opened}, after ${rows} rows ${written}, after reads ${read} | ` +
        `writes ${Math.round((rows / writeMs) * 1_000)} rows/s (${Math.round(writeMs / (rows / batch))} ms/batch of ${batch}) | 21 aggregate reads ${Math.round(readMs)} ms\n`,
    );
  }
}

const mode = argument('mode', '');
const dataDirArgument = argument('data', '');
if (mode === 'init') await (await PGlite.create(dataDirArgument)).close();
else if (mode) await measure(mode, dataDirArgument);
else {
  for (const each of ['default', 'tuned']) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-pglite-memory-'));
    try {
      for (const step of ['init', each]) spawnSync(process.execPath, ['--import', 'tsx', ...process.argv.slice(1), '--mode', step, '--data', dataDir], { stdio: 'inherit' });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

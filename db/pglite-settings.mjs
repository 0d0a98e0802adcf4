// PGlite's options, shared by the worker (db/pglite-worker.mjs) and bench/pglite-memory.ts.
//
// PGlite starts PostgreSQL with a server's defaults (shared_buffers 128 MB, max_connections 100,
// maintenance_work_mem 64 MB, ...) inside one WebAssembly memory, which grows and never shrinks:
// whatever a setting lets PostgreSQL touch once stays resident for the life of the process.
// Gatehouse's embedded database is one session on a small install, so it gets a small one's
// settings. Measured with `npx tsx bench/pglite-memory.ts` (README "Deploy").
import { PGlite } from '@electric-sql/pglite';

const settings = {
  // The page cache. The operating system caches the data files as well; 16 MB holds the hot
  // indexes (keys, balances, recent usage) of a small install.
  shared_buffers: '16MB',
  // One session, so no room is reserved for a hundred backends' locks and slots.
  max_connections: '4',
  // Per sort or hash; the console's aggregates stay far below it on rollups.
  work_mem: '4MB',
  // Index builds in migrations and vacuum.
  maintenance_work_mem: '16MB',
  temp_buffers: '2MB',
  wal_buffers: '1MB',
  // Each new 16 MB WAL segment would first be filled with zeros, holding the database for ~50 ms
  // every few thousand requests. The zeros only reserve disk space; WAL records carry checksums.
  wal_init_zero: 'off',
  // The usage meter's statements are kept prepared (db/prepared.ts). After five runs PostgreSQL
  // may switch a prepared statement to a generic plan, and with 40,000 usage rows that plan made
  // a 1-row flush take 37 ms instead of 13 (a 200-row one 64 instead of 38). Custom plans keep
  // the parse saved and plan each run with its parameters: 8.7 ms and 38 ms.
  plan_cache_mode: 'force_custom_plan',
};

/** Options for `PGlite.create`: PGlite's own start parameters, then ours (the last -c wins). */
export function pgliteOptions() {
  const ours = Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  return { startParams: [...PGlite.defaultStartParams, ...ours] };
}

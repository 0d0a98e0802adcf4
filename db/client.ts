import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Schema = typeof schema;
/** Either driver's database: queries take this (or a transaction) first. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs `work` while holding an install-wide lock, so instances starting together set up once. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

const SETUP_LOCK = 7_263_524_001;

const migrationsFolder = path.join(process.cwd(), 'drizzle');

/**
 * The only place that chooses a driver: PostgreSQL through `postgres` when a URL is
 * given, otherwise embedded PGlite in `dataDir` (or in memory for `memory://`).
 * Migrations from drizzle/ are applied before the database is handed out.
 */
export async function openDatabase(options: { url?: string; dataDir: string }): Promise<Database> {
  if (options.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(options.url, { max: 10, onnotice: () => {} });
    const db = drizzle(client, { schema });
    const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
      // A session-level advisory lock on a connection of its own, held while `work` runs on the pool.
      const lock = postgres(options.url!, { max: 1, onnotice: () => {} });
      try {
        await lock`select pg_advisory_lock(${SETUP_LOCK})`;
        return await work();
      } finally {
        await lock.end({ timeout: 5 });
      }
    };
    await exclusive(() => migrate(db, { migrationsFolder }));
    return { db: db as unknown as Db, kind: 'postgres', exclusive, close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let dataDir = options.dataDir;
  if (!dataDir.startsWith('memory://')) {
    dataDir = path.resolve(dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
  }
  const client = new PGlite(dataDir);
  // PGlite runs on the server's own thread, so its pauses are every request's pauses. By default
  // each new 16 MB WAL segment is first filled with zeros, which held the event loop for about
  // 50 ms every few thousand requests (measured with a loop-delay probe over 100,000 usage rows).
  // The zeros only reserve disk space ahead of time; WAL records carry their own checksums.
  await client.exec('SET wal_init_zero = off');
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return { db: db as unknown as Db, kind: 'pglite', exclusive: (work) => work(), close: () => client.close() };
}

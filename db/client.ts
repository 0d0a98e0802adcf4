import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { isPrepared } from './prepared';
import * as schema from './schema';
import { withDeadline } from './unavailable';

export type Schema = typeof schema;
/** The database, PGlite or PostgreSQL, both through `postgres`: queries take this (or a transaction) first. */
export type Db = PostgresJsDatabase<Schema>;
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

type OpenOptions = {
  url?: string;
  dataDir: string;
  /** Sees the text of every statement sent. */
  onQuery?: (sql: string) => void;
  /** Longest wait for a new connection to be established (PostgreSQL only). */
  connectTimeoutMs?: number;
  /** Longest wait for one statement sent outside a transaction, connecting and queueing included. */
  statementTimeoutMs?: number;
  /** Longest wait for a whole transaction. */
  transactionTimeoutMs?: number;
};

type Sql = import('postgres').Sql;

/**
 * The driver with a deadline on every statement and transaction that drizzle sends: postgres
 * has none of its own, and a database that stops answering (a network partition, a host that
 * is gone) otherwise holds each request until TCP gives up, minutes later. A statement past
 * its deadline is not cancelled (a cancel needs the same unreachable server); see
 * `DatabaseUnavailableError.late`.
 */
function bounded(client: Sql, limits: { statementMs: number; transactionMs: number }): Sql {
  const statement = (query: ReturnType<Sql['unsafe']>) => ({
    values: () => withDeadline(query.values(), limits.statementMs),
    then: <A, B>(resolve?: (value: unknown) => A, reject?: (error: unknown) => B) => withDeadline(query, limits.statementMs).then(resolve, reject),
  });
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') return (...args: Parameters<Sql['unsafe']>) => statement(target.unsafe(...args));
      if (property === 'begin') return (...args: unknown[]) => withDeadline((target.begin as (...a: unknown[]) => Promise<unknown>)(...args), limits.transactionMs, 'transaction');
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * The only place that chooses a database: PostgreSQL at `url` when one is given, otherwise
 * embedded PGlite in `dataDir` (or in memory for `memory://`) on a thread of its own. Both are
 * reached through the same driver, `postgres`, so every query runs the same code on either.
 * Migrations from drizzle/ are applied before the database is handed out.
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const { onQuery } = options;
  const common = { onnotice: () => {}, ...(onQuery && { debug: (_connection: number, query: string) => onQuery(query) }) };
  const limits = { statementMs: options.statementTimeoutMs ?? 5_000, transactionMs: options.transactionTimeoutMs ?? 15_000 };

  if (options.url) {
    const url = options.url;
    const client = postgres(url, { ...common, max: 10, connect_timeout: (options.connectTimeoutMs ?? 3_000) / 1_000 });
    const db = drizzle(bounded(client, limits), { schema });
    const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
      // A session-level advisory lock on a connection of its own, held while `work` runs on the pool.
      const lock = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await lock`select pg_advisory_lock(${SETUP_LOCK})`;
        return await work();
      } finally {
        await lock.end({ timeout: 5 });
      }
    };
    // Migrations take as long as they take: run them without the deadlines.
    await exclusive(() => migrate(drizzle(client, { schema }), { migrationsFolder }));
    return { db, kind: 'postgres', exclusive, close: () => client.end({ timeout: 5 }) };
  }

  const { startPgliteThread } = await import('./pglite-thread');
  let dataDir = options.dataDir;
  if (!dataDir.startsWith('memory://')) {
    dataDir = path.resolve(dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
  }
  const thread = await startPgliteThread(dataDir);
  // One connection: PGlite is one session. `socket` (a function returning the connection's
  // stream) is in postgres' README, not in its types.
  const clientOptions = { ...common, max: 1, socket: () => thread.connect() };
  const client = preparingMarked(postgres(clientOptions as Parameters<typeof postgres>[1]));
  const close = async () => {
    await client.end({ timeout: 5 });
    await thread.close();
  };
  const db = drizzle(bounded(client, limits), { schema });
  try {
    await migrate(drizzle(client, { schema }), { migrationsFolder });
  } catch (error) {
    await close();
    throw error;
  }
  return { db, kind: 'pglite', exclusive: (work) => work(), close };
}

/**
 * The driver, sending statements marked by `prepared` (db/prepared.ts) as named prepared
 * statements, in transactions too; drizzle sends every other statement unnamed, parsed and
 * planned each time. For PGlite only (see db/prepared.ts).
 */
function preparingMarked(client: Sql): Sql {
  const wrap = (target: Sql): Sql =>
    new Proxy(target, {
      get(inner, property, receiver) {
        if (property === 'unsafe') {
          return (query: string, parameters?: Parameters<Sql['unsafe']>[1], options?: Parameters<Sql['unsafe']>[2]) =>
            inner.unsafe(query, parameters, isPrepared(query) ? { ...options, prepare: true } : options);
        }
        if (property === 'begin') {
          // begin([options,] work): the transaction's own client reaches `work`, wrapped the same way.
          return (...args: unknown[]) => {
            const last = args.length - 1;
            const work = args[last];
            if (typeof work === 'function') args[last] = (tx: Sql) => (work as (tx: Sql) => unknown)(wrap(tx));
            return (inner.begin as (...a: unknown[]) => Promise<unknown>)(...args);
          };
        }
        return Reflect.get(inner, property, receiver);
      },
    });
  return wrap(client);
}

/** When the newest migration this build ships was generated (`when` in drizzle's journal): what `/readyz` expects applied. */
export function latestShippedMigration(): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ when: number }> };
  return Math.max(0, ...journal.entries.map((entry) => entry.when));
}

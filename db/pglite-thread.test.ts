import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgliteThread, type PgliteThread } from './pglite-thread';

// The embedded database's thread, driven by the same `postgres` client the server uses. The
// server opens one connection; these tests open two, to check the worker keeps one connection's
// open transaction away from the other's statements.
let thread: PgliteThread;
const clients: postgres.Sql[] = [];

function connect(): postgres.Sql {
  const options = { max: 1, onnotice: () => {}, socket: () => thread.connect() };
  const sql = postgres(options as Parameters<typeof postgres>[1]);
  clients.push(sql);
  return sql;
}

beforeAll(async () => {
  thread = await startPgliteThread('memory://');
  await connect()`CREATE TABLE items (name text PRIMARY KEY)`;
});
afterAll(async () => {
  await Promise.all(clients.map((sql) => sql.end({ timeout: 1 })));
  await thread.close();
});

describe('PGlite on its own thread', () => {
  it("runs another connection's statements after an open transaction ends, not inside it", async () => {
    const a = connect();
    const b = connect();
    let bDone: Promise<unknown> | undefined;
    await expect(
      a.begin(async (tx) => {
        await tx`INSERT INTO items VALUES ('a')`;
        // B's insert arrives while A's transaction is open; it must not join that transaction.
        bDone = b`INSERT INTO items VALUES ('b')`.then(() => 'b');
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await bDone).toBe('b');
    const rows = await b`SELECT name FROM items ORDER BY name`;
    expect(rows.map((row) => row.name)).toEqual(['b']);
  });

  it('rolls back what a connection left open when it goes away mid-transaction', async () => {
    const a = connect();
    const b = connect();
    await b`DELETE FROM items`;
    const abandoned = a.begin(async (tx) => {
      await tx`INSERT INTO items VALUES ('orphan')`;
      await a.end({ timeout: 0 });
      await tx`SELECT 1`;
    });
    await expect(abandoned).rejects.toThrow();
    const rows = await b`SELECT name FROM items`;
    expect(rows).toEqual([]);
    expect((await b`SELECT 1 AS one`)[0]?.one).toBe(1);
  });

  it('reports a failed statement to its connection and goes on serving', async () => {
    const sql = connect();
    await expect(sql`SELECT * FROM no_such_table`).rejects.toThrow(/no_such_table/);
    await expect(sql`SELECT ${'x'}::text AS v`).resolves.toEqual([{ v: 'x' }]);
  });
});

describe('starting the embedded database thread', () => {
  it('fails with an error, rather than waiting forever, when the data folder cannot be opened', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-pglite-'));
    const file = path.join(dir, 'not-a-folder');
    await writeFile(file, 'x');
    await expect(startPgliteThread(file)).rejects.toThrow(/Initialising the embedded database/);
    await rm(dir, { recursive: true, force: true });
  });

  it('initialises a new data folder in a process of its own, then serves it and keeps what was written across a restart', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'gatehouse-pglite-')), 'data');
    const open = async () => {
      const started = await startPgliteThread(dir);
      const sql = postgres({ max: 1, onnotice: () => {}, socket: () => started.connect() } as Parameters<typeof postgres>[1]);
      return { started, sql };
    };
    try {
      const first = await open();
      // initdb ran before the serving thread started: the folder is a PostgreSQL data folder.
      await expect(readFile(path.join(dir, 'PG_VERSION'), 'utf8')).resolves.toMatch(/^\d+/);
      await first.sql`CREATE TABLE kept (n int)`;
      await first.sql`INSERT INTO kept VALUES (42)`;
      await first.sql.end({ timeout: 1 });
      await first.started.close();
      const second = await open();
      await expect(second.sql`SELECT n FROM kept`).resolves.toEqual([{ n: 42 }]);
      await second.sql.end({ timeout: 1 });
      await second.started.close();
    } finally {
      await rm(path.dirname(dir), { recursive: true, force: true });
    }
  }, 120_000);
});

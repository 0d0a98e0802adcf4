import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Duplex } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

/**
 * The embedded database on a thread of its own: PGlite runs in `db/pglite-worker.mjs` and the
 * server reaches it with `postgres` (the same driver, and so the same code, as for a PostgreSQL
 * server) over an in-process socket.
 *
 * PGlite executes on the thread that calls it. In the server's own thread, every usage batch
 * it wrote (tens of milliseconds of WebAssembly per batch) held up every request in flight; at
 * concurrency 1 that tail was most of the gap between Gatehouse and the bare proxy
 * (`npm run bench`). Hand-written rather than `@electric-sql/pglite-socket`, which pins
 * extension packages to another PGlite version than ours and listens on a TCP port or a file.
 */
export type PgliteThread = {
  /** A new connection, for `postgres({ socket })`. */
  connect(): Duplex;
  close(): Promise<void>;
};

const workerFile = path.join(process.cwd(), 'db', 'pglite-worker.mjs');
const initFile = path.join(process.cwd(), 'db', 'pglite-init.mjs');
/** initdb takes a few seconds here; a stuck one fails the start instead of hanging it. */
const INIT_TIMEOUT_MS = 120_000;

/**
 * A data folder's first start: PostgreSQL's initdb grows PGlite's WebAssembly memory to about
 * 700 MB, and a WebAssembly memory never shrinks, so a serving thread that ran initdb kept about
 * 470 MB more than a restart for the life of the process. Even a thread of its own left about
 * 100 MB behind in the allocator's per-thread arenas; so the folder is initialised by a short
 * process (db/pglite-init.mjs), and the serving thread opens it as a restart does. An in-memory
 * database (`memory://`) has no folder to hand over.
 */
async function initialiseDataDir(dataDir: string): Promise<void> {
  if (dataDir.startsWith('memory://') || existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  await new Promise<void>((resolve, reject) => {
    // Baseline WebAssembly code here too (see baselineWasmOnly): initdb took 3.7-3.9 s instead of 4.3-4.4.
    execFile(process.execPath, ['--liftoff-only', initFile, dataDir], { timeout: INIT_TIMEOUT_MS, maxBuffer: 1 << 20 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`Initialising the embedded database in ${dataDir} failed: ${(stderr || error.message).slice(-2_000)}`));
      else resolve();
    });
  });
}

/**
 * PostgreSQL's WebAssembly runs on V8's baseline compiler only (Liftoff), not tiered up to
 * TurboFan: the optimised copies of its hot functions (and compiling them) held about 45 MB more
 * resident, for a gain in CPU per request within the bench's noise (README "Start and memory").
 * Set here, before the thread compiles the module, so a PostgreSQL
 * deployment keeps the default; V8's flags are the process's, so the other WebAssembly compiled
 * after this (undici's HTTP parser) is compiled the same way.
 */
function baselineWasmOnly(): void {
  setFlagsFromString('--liftoff-only');
}

export async function startPgliteThread(dataDir: string): Promise<PgliteThread> {
  await initialiseDataDir(dataDir);
  baselineWasmOnly();
  const worker = new Worker(workerFile, { workerData: { dataDir } });
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`The embedded database thread exited (code ${code}) before it was ready`));
    const onMessage = (message: { type: string }) => {
      if (message.type !== 'ready') return;
      worker.off('error', reject);
      worker.off('exit', onExit);
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', onExit);
  });
  let closing: Promise<void> | undefined;
  const sockets = new Set<Duplex>();
  // If the thread dies, its connections end with an error rather than wait for answers forever.
  worker.on('error', (error) => {
    console.error('The embedded database thread failed:', error);
    for (const socket of sockets) socket.destroy(error);
  });
  worker.on('exit', () => {
    for (const socket of sockets) socket.destroy(new Error('The embedded database thread has exited'));
  });
  return {
    connect() {
      const { port1, port2 } = new MessageChannel();
      worker.postMessage({ type: 'connect', port: port2 }, [port2]);
      const socket = portSocket(port1);
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      return socket;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (message: { type: string }) => {
          if (message.type === 'closed') void worker.terminate();
        });
        worker.postMessage({ type: 'close' });
      });
      return closing;
    },
  };
}

/** A MessagePort as the stream socket `postgres` expects (`write`, `end`, `data`, `close`, `readyState`). */
function portSocket(port: MessagePort): Duplex {
  let open = true;
  // Writes made in one turn of the event loop (the usage meter's batch, a pipelined query's
  // Parse/Bind/Execute/Sync, queries from many requests at once) go to the thread as one message:
  // each postMessage costs a structured clone and a wake-up of the thread, and showed as a large
  // share of a request's CPU on PGlite (`npm run bench:profile`).
  let pending: Buffer[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const chunk = pending.length === 1 ? pending[0] : Buffer.concat(pending);
    pending = [];
    if (open) port.postMessage(chunk);
  };
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flush);
      }
      callback();
    },
    final(callback) {
      flush();
      port.close();
      callback();
    },
    destroy(error, callback) {
      open = false;
      pending = [];
      port.close();
      callback(error);
    },
  });
  Object.defineProperty(socket, 'readyState', { get: () => (open ? 'open' : 'closed') });
  port.on('message', (data: Uint8Array) => socket.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
  port.on('close', () => {
    open = false;
    socket.push(null);
  });
  return socket;
}

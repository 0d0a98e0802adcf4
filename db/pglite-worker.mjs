// PGlite on a thread of its own, speaking the PostgreSQL wire protocol to the main thread.
//
// Plain JavaScript, loaded by path (see db/pglite-thread.ts), so it runs the same under tsx,
// `next dev` and the test runner. Each connection is a MessagePort: the main thread's
// postgres-js writes protocol bytes into it, and PGlite's answers come back the same way.
// PGlite is one session, so messages run one at a time, and until a connection's turn ends
// (see idleAfter) only that connection's messages run.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from './pglite-settings.mjs';

const PROTOCOL_3 = 196608;

// A small install's settings, not a server's: see db/pglite-settings.mjs.
const db = await PGlite.create(workerData.dataDir, pgliteOptions());

/** @type {Array<{ session: Session, message: Uint8Array | null }>} null: roll back what the session left open */
const queue = [];
let running = false;
let closing = false;
/** @type {() => void} resolves a close that waits for the running message */
let idle = () => {};
/** @type {Session | null} the session whose turn it is (see idleAfter) */
let owner = null;

class Session {
  constructor(port) {
    this.port = port;
    this.buffer = Buffer.alloc(0);
    this.closed = false;
    port.on('message', (data) => this.receive(Buffer.from(data)));
    port.on('close', () => this.close());
  }

  receive(data) {
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    for (;;) {
      const length = this.nextLength();
      if (length === 0 || this.buffer.length < length) break;
      queue.push({ session: this, message: this.buffer.subarray(0, length) });
      this.buffer = this.buffer.subarray(length);
    }
    void drain();
  }

  /** Length of the next whole message: a startup message has no type byte. */
  nextLength() {
    if (this.buffer.length < 5) return 0;
    if (this.buffer.length >= 8 && this.buffer.readInt32BE(4) === PROTOCOL_3) return this.buffer.readInt32BE(0);
    return 1 + this.buffer.readInt32BE(1);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i].session === this) queue.splice(i, 1);
    // A connection that went away mid-turn: roll back what it left open before anyone else runs.
    if (owner === this) {
      queue.unshift({ session: this, message: null });
      void drain();
    }
  }
}

/**
 * Whether a reply ends the session's turn: it ends with ReadyForQuery ('Z', length 5) reporting
 * idle ('I'), outside a transaction. Until then (inside a transaction, or between an extended-query
 * Parse and its Sync) the backend holds that session's state and only its messages may run.
 */
function idleAfter(reply) {
  const at = reply.length - 6;
  return at >= 0 && reply[at] === 0x5a && reply.readInt32BE(at + 1) === 5 && reply[at + 5] === 0x49;
}

async function drain() {
  if (running) return;
  running = true;
  try {
    while (!closing) {
      const index = owner ? queue.findIndex((item) => item.session === owner) : 0;
      if (index < 0 || queue.length === 0) break;
      const [{ session, message }] = queue.splice(index, 1);
      if (message === null) {
        await db.exec('ROLLBACK');
        owner = null;
        continue;
      }
      const chunks = [];
      await db.execProtocolRawStream(message, { onRawData: (data) => chunks.push(Buffer.from(data)) });
      const reply = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      owner = idleAfter(reply) ? null : session;
      if (!session.closed && reply.length > 0) session.port.postMessage(reply);
    }
  } finally {
    running = false;
    idle();
  }
}

parentPort.on('message', async (message) => {
  if (message.type === 'connect') new Session(message.port);
  else if (message.type === 'close') {
    // Let the message in hand finish, then run no more.
    closing = true;
    if (running) await new Promise((resolve) => (idle = resolve));
    await db.close();
    parentPort.postMessage({ type: 'closed' });
  }
});
parentPort.postMessage({ type: 'ready' });

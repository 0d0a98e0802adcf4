import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

// ulid's default source asks the OS for one byte per character (16 calls per id), which showed
// up as the single most expensive function of a request in `npm run bench:profile`. The same
// cryptographic randomness, fetched 4 KiB at a time.
const pool = new Uint8Array(4096);
let used = pool.length;
function pooledRandom(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return pool[used++] / 256;
}

const ulid = monotonicFactory(pooledRandom);

/** `gen_<ulid>`: sortable by time, unique across instances. */
export function newGenerationId(): string {
  return `gen_${ulid()}`;
}

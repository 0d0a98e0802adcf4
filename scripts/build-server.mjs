// Compiles the lean server and the CLI once, at build time, so `npm start` runs plain JavaScript
// with `node` instead of compiling TypeScript on every start (tsx). Packages stay external:
// they are loaded from node_modules as usual; only our own code (the `@/` alias) is bundled.
import { build } from 'esbuild';

const started = Date.now();
await build({
  entryPoints: { server: 'server/main.ts', cli: 'cli/gatehouse.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Paths such as drizzle/ and db/pglite-worker.mjs are found from the working directory, as before.
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
  // lib/catalog/seed-fingerprint.ts: a restart of the same build skips re-seeding the catalog.
  define: { __GATEHOUSE_BUNDLED__: 'true' },
});
process.stdout.write(`Compiled server and CLI into dist/ in ${Date.now() - started} ms\n`);

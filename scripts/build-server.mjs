// Compiles the lean server and the CLI once, at build time, so `npm start` runs plain JavaScript
// with `node` instead of compiling TypeScript on every start (tsx).
import { build } from 'esbuild';
import { serverBuildOptions } from './esbuild-options.mjs';

const started = Date.now();
await build({
  ...serverBuildOptions,
  entryPoints: { server: 'server/main.ts', cli: 'cli/gatehouse.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
});
process.stdout.write(`Compiled server and CLI into dist/ in ${Date.now() - started} ms\n`);

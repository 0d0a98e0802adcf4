// `npm start` (server) and `npm run gatehouse` (cli): the entry point compiled by `npm run build`
// (dist/<name>.mjs), run in this process. Without it, says so and runs the TypeScript source
// through tsx (slower to start, heavier), so a checkout built by `next build` alone still starts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const sources = { server: 'server/main.ts', cli: 'cli/gatehouse.ts' };
const name = process.argv[2];
if (!Object.hasOwn(sources, name)) {
  process.stderr.write(`usage: node scripts/run-compiled.mjs ${Object.keys(sources).join('|')} [arguments]\n`);
  process.exit(2);
}
// The entry point reads its own arguments from argv[2] on, as when it is run directly.
process.argv.splice(2, 1);
const compiled = path.resolve('dist', `${name}.mjs`);
if (existsSync(compiled)) {
  await import(pathToFileURL(compiled).href);
} else {
  if (name === 'server') process.stderr.write('dist/server.mjs not found: running the TypeScript sources with tsx. `npm run build` compiles them once.\n');
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.resolve(sources[name])).href);
}

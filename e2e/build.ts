import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const sourceFolders = ['app', 'components', 'lib', 'db', 'server'];
const sourceFiles = ['next.config.ts', 'package.json'];

function newestSource(root: string): number {
  let newest = 0;
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(tsx?|css|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const folder of sourceFolders) if (existsSync(path.join(root, folder))) visit(path.join(root, folder));
  for (const file of sourceFiles) if (existsSync(path.join(root, file))) newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
  return newest;
}

/** Runs `next build` unless .next holds a production build newer than every source file. */
export function ensureProductionBuild(root: string): void {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSource(root)) return;
  process.stdout.write('e2e: building the app (next build)…\n');
  const result = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('next build failed');
}

/** Compiles the lean server (a second, which is cheaper than finding out whether dist/ is stale): `npm start` runs it. */
export function ensureServerBuild(root: string): void {
  const result = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('compiling the server failed');
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtNextConfig } from './load-next';

describe('builtNextConfig', () => {
  const dirs: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-next-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('returns the config next build serialised, so Next never compiles next.config.ts at run time', () => {
    const dir = scratch();
    mkdirSync(path.join(dir, '.next'));
    writeFileSync(path.join(dir, '.next', 'required-server-files.json'), JSON.stringify({ version: 1, config: { distDir: '.next', serverExternalPackages: ['postgres'] } }));
    expect(builtNextConfig(dir)).toEqual({ distDir: '.next', serverExternalPackages: ['postgres'] });
  });

  it('is undefined without a build or with a manifest it cannot read', () => {
    const dir = scratch();
    expect(builtNextConfig(dir)).toBeUndefined();
    mkdirSync(path.join(dir, '.next'));
    writeFileSync(path.join(dir, '.next', 'required-server-files.json'), '{not json');
    expect(builtNextConfig(dir)).toBeUndefined();
    writeFileSync(path.join(dir, '.next', 'required-server-files.json'), JSON.stringify({ version: 1 }));
    expect(builtNextConfig(dir)).toBeUndefined();
  });
});

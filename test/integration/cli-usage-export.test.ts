import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usageLogs } from '@/db/schema';
import { parseEnv } from '@/lib/env';
import { createRuntime } from '@/lib/runtime';
import { createTeam } from '@/lib/services/teams/create-team';
import { parseCsv } from '../csv';
import { usageRowFixture } from '../usage-row';

/** `usage export` as a user runs it, on an embedded database with no server running. */
const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-cli-export-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function gatehouse(...args: string[]) {
  const env = { ...process.env, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_LOG_LEVEL: 'silent' };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  return run(process.execPath, ['--import', 'tsx', 'cli/gatehouse.ts', ...args], { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

beforeAll(async () => {
  const runtime = await createRuntime(parseEnv({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_LOG_LEVEL: 'silent' }));
  const team = await createTeam({ ctx: runtime.serviceContext({ kind: 'cli' }), input: { name: 'Initech', slug: 'initech' } });
  const now = Date.now();
  await runtime.database.db.insert(usageLogs).values(
    Array.from({ length: 25 }, (_, index) => ({
      ...usageRowFixture(team.id, `gen_cli_${String(index).padStart(2, '0')}`, 10 * index),
      endUser: index === 3 ? '@evil' : `user ${index}, "quoted"`,
      status: index % 5 ? 'success' : 'error',
      createdAt: new Date(now - (25 - index) * 60_000),
    })),
  );
  await runtime.close();
}, 120_000);

describe('gatehouse usage export', () => {
  it('writes CSV to --out that parses back to the rows, and JSON Lines to standard output with filters', async () => {
    const file = path.join(dataDir, 'usage.csv');
    const written = await gatehouse('usage', 'export', 'initech', '--format', 'csv', '--range', '24h', '--out', file);
    expect(written.stderr).toContain(`Written to ${file}.`);
    const [header, ...records] = parseCsv(readFileSync(file, 'utf8'));
    expect(records.map((record) => record[header.indexOf('generation_id')])).toEqual(Array.from({ length: 25 }, (_, index) => `gen_cli_${String(index).padStart(2, '0')}`));
    expect(records[3][header.indexOf('end_user')]).toBe("'@evil");
    expect(records[4][header.indexOf('end_user')]).toBe('user 4, "quoted"');

    const streamed = await gatehouse('usage', 'export', 'initech', '--format', 'jsonl', '--status', 'error', '--limit', '3');
    const lines = streamed.stdout.trim().split('\n').map((line) => JSON.parse(line) as { generation_id: string; status: string });
    expect(lines.map((line) => line.generation_id)).toEqual(['gen_cli_00', 'gen_cli_05', 'gen_cli_10']);
  }, 180_000);

  it('explains an unknown team and exits non-zero', async () => {
    const missing = (await gatehouse('usage', 'export', 'nobody')) as { code: number; stderr: string };
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Team 'nobody' not found");
  }, 120_000);
});

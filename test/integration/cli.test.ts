import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The CLI as a user runs it, on an embedded database with no server running. */
async function gatehouse(...args: string[]) {
  const env = { ...process.env, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_LOG_LEVEL: 'silent' };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  return run(process.execPath, ['--import', 'tsx', 'cli/gatehouse.ts', ...args], { env, timeout: 120_000 }).catch((error: { code: number; stdout: string; stderr: string }) => error);
}

describe('the gatehouse CLI', () => {
  it('creates a team, grants credits, creates a key shown once, and lists teams with balances', async () => {
    const created = await gatehouse('teams', 'create', 'Acme', '--slug', 'acme', '--credits', '25', '--json');
    expect(JSON.parse(created.stdout)).toMatchObject({ slug: 'acme', name: 'Acme' });

    const granted = await gatehouse('credits', 'grant', 'acme', '10.5', '--json');
    expect(JSON.parse(granted.stdout)).toMatchObject({ balanceMicros: 35_500_000 });

    const key = await gatehouse('keys', 'create', 'acme', 'backend');
    expect(key.stdout).toMatch(/Save this key now; it will not be shown again:\n\s+gth_[0-9A-Za-z]{36}/);

    const listed = await gatehouse('keys', 'list', 'acme', '--json');
    expect(listed.stdout).not.toMatch(/gth_[0-9A-Za-z]{36}/);
    expect(JSON.parse(listed.stdout).data[0]).toMatchObject({ name: 'backend' });

    const teams = await gatehouse('teams', 'list', '--json');
    expect(JSON.parse(teams.stdout).data).toEqual([expect.objectContaining({ slug: 'acme', balanceMicros: 35_500_000 })]);
  }, 120_000);

  it('manages a team as code: a key rotated and shown, a member added, settings changed', async () => {
    // Six runs of the CLI, each opening the embedded database: slow on a busy machine.
    await gatehouse('teams', 'create', 'Rotors', '--slug', 'rotors', '--json');
    const made = await gatehouse('keys', 'create', 'rotors', 'svc', '--json');
    expect(made.stderr).toBe('');
    const created = JSON.parse(made.stdout.split('\n\nSave this key')[0]) as { id: string; key: string };
    const rotated = await gatehouse('keys', 'rotate', created.id, '--grace', 'now');
    const newKey = /Save this key now; it will not be shown again:\n\s+(gth_[0-9A-Za-z]{36})/.exec(rotated.stdout)?.[1];
    expect(newKey).toBeDefined();
    expect(newKey).not.toBe(created.key);
    const shown = JSON.parse((await gatehouse('keys', 'show', created.id, '--json')).stdout);
    expect(shown).toMatchObject({ id: created.id, prefix: newKey!.slice(0, 10), previousValidUntil: null });
    expect(shown.rotatedAt).not.toBeNull();
    const added = JSON.parse((await gatehouse('members', 'add', 'rotors', 'ops@example.com', '--role', 'member', '--json')).stdout);
    expect(added).toMatchObject({ role: 'member', userCreated: true });
    const settings = JSON.parse((await gatehouse('settings', 'set', 'rotors', '--zdr', 'true', '--allow', 'openai,anthropic', '--json')).stdout);
    expect(settings).toMatchObject({ zeroDataRetention: true, providerAllowlist: ['openai', 'anthropic'] });
  }, 400_000);

  it('explains bad input and exits non-zero', async () => {
    const unknown = (await gatehouse('teams', 'explode')) as { code: number; stderr: string };
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown command 'teams explode'");
    const missing = (await gatehouse('credits', 'grant', 'nobody', '5')) as { code: number; stderr: string };
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Team 'nobody' not found");
  }, 120_000);
});

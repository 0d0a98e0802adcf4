import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The `postgres` driver (3.4.9) buffers small writes behind setImmediate. When a backend dies
// mid-transaction, begin() writes its own ROLLBACK to a socket that is already gone, and the
// TypeError is thrown from the immediate: no caller can catch it and the process exits. The
// chaos run lost an instance to it during a PostgreSQL restart. patches/postgres+3.4.9.patch
// settles the write with CONNECTION_CLOSED instead (porsager/postgres#1208, #1209).
const url = process.env.DATABASE_URL;

const script = `
import postgres from 'postgres';
const sql = postgres(process.env.URL, { max: 2, onnotice() {} });
const killer = postgres(process.env.URL, { max: 1, onnotice() {} });
let pid = null;
const tx = sql.begin(async (t) => {
  const [row] = await t\`select pg_backend_pid() as pid\`;
  pid = row.pid;
  await t\`select pg_sleep(5)\`;
});
while (pid === null) await new Promise((resolve) => setTimeout(resolve, 20));
await killer\`select pg_terminate_backend(\${pid})\`;
const outcome = await tx.then(() => 'resolved', (error) => error.code ?? String(error));
await new Promise((resolve) => setTimeout(resolve, 300));
const [{ one }] = await sql\`select 1 as one\`;
process.stdout.write(JSON.stringify({ outcome, one }));
await sql.end({ timeout: 1 });
await killer.end({ timeout: 1 });
`;

describe.skipIf(!url)('the postgres driver when a backend dies mid-transaction', () => {
  it('rejects the transaction and keeps the process (and the pool) alive', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).not.toContain("Cannot read properties of null (reading 'write')");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ outcome: expect.stringMatching(/CONNECTION_CLOSED|57P01/), one: 1 });
  }, 30_000);
});

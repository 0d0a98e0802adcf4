import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { routeAdminRequest } from '@/lib/admin-api/router';
import { getEnv, type Env } from '@/lib/env';
import { createRuntime } from '@/lib/runtime';
import { parseCommand, usage, UsageError, type AdminCall } from './commands';

/** A Gatehouse already serving this embedded data folder: the CLI must not open PGlite a second time. */
function runningLocalServer(env: Env): { url: string; token: string } | undefined {
  if (env.DATABASE_URL) return undefined;
  const file = path.resolve(env.GATEHOUSE_DATA_DIR, 'server.json');
  if (!existsSync(file)) return undefined;
  const { url, pid } = JSON.parse(readFileSync(file, 'utf8')) as { url: string; pid: number };
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  const token = env.GATEHOUSE_ADMIN_TOKEN ?? readFileSync(path.resolve(env.GATEHOUSE_DATA_DIR, 'admin-token'), 'utf8').trim();
  return { url, token };
}

/** A download goes to its file (or standard output) as it arrives; an error answer is JSON as usual. */
async function receive(call: AdminCall, response: Response): Promise<{ status: number; body: unknown }> {
  if (!call.download || !response.ok || !response.body) return { status: response.status, body: await response.json() };
  const sink = call.download.out ? createWriteStream(call.download.out) : process.stdout;
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>), sink);
  return { status: response.status, body: undefined };
}

async function send(call: AdminCall, env: Env): Promise<{ status: number; body: unknown }> {
  const init = { method: call.method, body: call.body ? JSON.stringify(call.body) : undefined };
  const remote = env.GATEHOUSE_URL ? { url: env.GATEHOUSE_URL, token: env.GATEHOUSE_ADMIN_TOKEN ?? '' } : runningLocalServer(env);
  if (remote) {
    const response = await fetch(`${remote.url.replace(/\/$/, '')}/api/admin${call.path}`, {
      ...init,
      headers: { authorization: `Bearer ${remote.token}`, 'content-type': 'application/json' },
    });
    return receive(call, response);
  }
  // No server running: work on the database directly, through the same admin routes.
  const runtime = await createRuntime({ ...env, GATEHOUSE_LOG_LEVEL: 'error' });
  try {
    const token = randomBytes(24).toString('hex');
    const request = new Request(`http://cli/api/admin${call.path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const response = await routeAdminRequest({ adminToken: token, logger: runtime.logger, serviceContext: () => runtime.serviceContext({ kind: 'cli' }) }, request);
    return await receive(call, response);
  } finally {
    await runtime.close();
  }
}

function print(body: unknown, json: boolean) {
  const data = (body as { data?: unknown }).data ?? body;
  if (!json && Array.isArray(data)) {
    if (data.length === 0) console.log('(none)');
    else console.table(data);
  } else {
    console.log(JSON.stringify(body, null, 2));
  }
  const key = (body as { key?: string }).key;
  if (key) console.log(`\nSave this key now; it will not be shown again:\n  ${key}`);
}

async function main() {
  let parsed;
  try {
    parsed = parseCommand(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      if ((error as Error).message) console.error((error as Error).message);
      console.error(usage);
      process.exit(2);
    }
    throw error;
  }
  const { status, body } = await send(parsed.call, getEnv());
  if (status >= 400) {
    const error = (body as { error?: { message?: string } }).error;
    console.error(`Error (${status}): ${error?.message ?? JSON.stringify(body)}`);
    process.exit(1);
  }
  if (!parsed.call.download) print(body, parsed.json);
  else if (parsed.call.download.out) console.error(`Written to ${parsed.call.download.out}.`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

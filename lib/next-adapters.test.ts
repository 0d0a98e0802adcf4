import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { adminRoute, gatewayRoute } from '@/lib/next-adapters';
import { createRuntime, setRuntime, type Runtime } from '@/lib/runtime';
import { createApiKey } from '@/lib/services/keys/create-api-key';
import { createTeam } from '@/lib/services/teams/create-team';

/**
 * Under `next dev` (and on Next-only platforms) the Next route handlers serve the gateway and
 * the admin API: the same body limits must hold there, read after authentication.
 */
const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
let runtime: Runtime;
let key: string;

beforeAll(async () => {
  runtime = await createRuntime(
    parseEnv({ GATEHOUSE_DATA_DIR: 'memory://', GATEHOUSE_LOG_LEVEL: 'silent', GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN, GATEHOUSE_MAX_BODY_BYTES: '4096', GATEHOUSE_MAX_ADMIN_BODY_BYTES: '2048' }),
  );
  setRuntime(Promise.resolve(runtime));
  const ctx = runtime.serviceContext({ kind: 'cli' });
  const team = await createTeam({ ctx, input: { name: 'Next adapters' } });
  key = (await createApiKey({ ctx, input: { team: team.id, name: 'k' } })).key;
});
afterAll(async () => runtime?.close());

/** A body that streams in without a length, and counts how much of it was pulled. */
function streamedBody(bytes: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= bytes) return controller.close();
      pulled += 1024;
      controller.enqueue(new Uint8Array(1024).fill(32));
    },
  });
  return { stream, pulled: () => pulled };
}

const post = (url: string, headers: Record<string, string>, body: ReadableStream<Uint8Array> | string) =>
  new Request(url, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);

describe('Next route adapters enforce the body limits', () => {
  it('a chunked model call past the limit gets 413 in the OpenAI envelope, read no further', async () => {
    const body = streamedBody(1024 * 1024);
    const response = await gatewayRoute(post('http://localhost/v1/chat/completions', { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body.stream));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'request_too_large' } });
    expect(body.pulled()).toBeLessThan(16 * 1024);
  });

  it('an admin call past its smaller limit gets 413 in the admin envelope', async () => {
    const response = await adminRoute(post('http://localhost/api/admin/teams', { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, JSON.stringify({ name: 'x'.repeat(4096) })));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'request_too_large' } });
  });

  it('an unauthenticated admin call is refused before its body is pulled', async () => {
    const body = streamedBody(1024 * 1024);
    const response = await adminRoute(post('http://localhost/api/admin/teams', { authorization: 'Bearer wrong' }, body.stream));
    expect(response.status).toBe(401);
    expect(body.pulled()).toBeLessThanOrEqual(2 * 1024);
  });
});

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatehouseServer } from '@/server/create-server';
import { startGatehouse, type Gatehouse } from '../harness';
import { openSocket, rawRequest } from '../raw-http';

const MODEL_LIMIT = 256 * 1024;
const ADMIN_LIMIT = 16 * 1024;
const HUNDRED_MB = 100 * 1024 * 1024;
const ADMIN = { authorization: 'Bearer admin-token-for-tests-0123456789' };

let gatehouse: Gatehouse;
let team: Awaited<ReturnType<Gatehouse['team']>>;
/** The server's side of each connection, by the client's port: what the server actually read. */
const serverSockets = new Map<number, Socket>();

beforeAll(async () => {
  gatehouse = await startGatehouse({ env: { GATEHOUSE_MAX_BODY_BYTES: String(MODEL_LIMIT), GATEHOUSE_MAX_ADMIN_BODY_BYTES: String(ADMIN_LIMIT) } });
  gatehouse.server.on('connection', (socket: Socket) => serverSockets.set(socket.remotePort!, socket));
  team = await gatehouse.team();
});
afterAll(async () => gatehouse?.close());

const bytesReadBy = (localPort: number) => serverSockets.get(localPort)!.bytesRead;

describe('unauthenticated uploads are refused before their body is read', () => {
  // Each declares 100 MB and sends up to 16 MB as fast as the socket takes it.
  const cases = [
    { name: 'admin API', method: 'POST', path: '/api/admin/teams', status: 401 },
    { name: 'model call', method: 'POST', path: '/v1/chat/completions', status: 401 },
    { name: 'AI SDK model call', method: 'POST', path: '/v4/ai/language-model', status: 401 },
    { name: 'credits (a body on a GET)', method: 'GET', path: '/v1/credits', status: 401 },
    { name: 'models (no such method)', method: 'POST', path: '/v1/models', status: 404 },
  ];
  for (const { name, method, path, status } of cases) {
    it(`${name}: ${method} ${path} answers ${status}, reads little and closes the connection`, async () => {
      const result = await rawRequest(gatehouse.url, { method, path, headers: { 'content-type': 'application/json' }, body: { bytes: 16 * 1024 * 1024, declare: HUNDRED_MB } });
      expect(result.status).toBe(status);
      expect(result.closed).toBe(true);
      expect(bytesReadBy(result.localPort)).toBeLessThan(4 * 1024 * 1024);
    });
  }

  it('a small refused body is drained, keeping the connection', async () => {
    const result = await rawRequest(gatehouse.url, { method: 'POST', path: '/api/admin/teams', body: { bytes: 100 } });
    expect(result.status).toBe(401);
    expect(result.closed).toBe(false);
  });
});

describe('body limits answer 413 in each door’s envelope', () => {
  const tooBig = { bytes: 4 * 1024, declare: MODEL_LIMIT + 1 };
  const openAI = { error: { type: 'invalid_request_error', code: 'request_too_large' } };
  const doors = [
    { path: '/v1/chat/completions', envelope: openAI },
    { path: '/v1/responses', envelope: openAI },
    { path: '/v1/embeddings', envelope: openAI },
    { path: '/v1/rerank', envelope: openAI },
    { path: '/v2/rerank', envelope: openAI },
    { path: '/v1/messages', envelope: { type: 'error', error: { type: 'request_too_large' } } },
    { path: '/v4/ai/language-model', envelope: { error: { type: 'invalid_request_error', code: 'request_too_large' } } },
  ];
  for (const { path, envelope } of doors) {
    it(`${path}: a declared length past the limit`, async () => {
      const result = await rawRequest(gatehouse.url, { method: 'POST', path, headers: { authorization: `Bearer ${team.key}`, 'x-api-key': team.key, 'content-type': 'application/json' }, body: tooBig });
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body)).toMatchObject(envelope);
    });
  }

  it('an embedding answer as large as a full batch asks for (2,048 inputs × 1,024 floats, ~44 MB of JSON) is passed on', async () => {
    const input = Array.from({ length: 2048 }, (_, index) => `text ${index}`);
    const body = JSON.stringify({ model: 'openai/text-embedding-3-small', input, dimensions: 1024, encoding_format: 'float' });
    const result = await fetch(`${gatehouse.url}/v1/embeddings`, { method: 'POST', headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json' }, body });
    expect(result.status).toBe(200);
    const answer = (await result.json()) as { data: Array<{ index: number; embedding: number[] }> };
    expect(answer.data).toHaveLength(2048);
    expect(answer.data.every((item) => item.embedding.length === 1024)).toBe(true);
  });

  it('an embedding request asking for more dimensions than any model has is a 400, and never reaches the upstream', async () => {
    const calls = gatehouse.upstreams.openai.calls.length;
    const body = JSON.stringify({ model: 'openai/text-embedding-3-small', input: ['Hi'], dimensions: 2_080_525_140 });
    const result = await fetch(`${gatehouse.url}/v1/embeddings`, { method: 'POST', headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json' }, body });
    expect(result.status).toBe(400);
    expect(await result.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('dimensions must be at most 16384') } });
    expect(gatehouse.upstreams.openai.calls.length).toBe(calls);
  });

  it('a chunked model call is cut once it passes the limit, without reading the rest', async () => {
    const result = await rawRequest(gatehouse.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json' },
      body: { bytes: 16 * 1024 * 1024, declare: 'chunked' },
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject(openAI);
    expect(result.closed).toBe(true);
    expect(bytesReadBy(result.localPort)).toBeLessThan(4 * 1024 * 1024);
  });

  it('the admin API has its own, smaller limit, in its own envelope', async () => {
    const result = await rawRequest(gatehouse.url, { method: 'POST', path: '/api/admin/teams', headers: ADMIN, body: { bytes: 4 * 1024, declare: ADMIN_LIMIT + 1 } });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toEqual({ error: { code: 'request_too_large', message: 'The request body is larger than the 16 KiB this endpoint accepts.', param: null } });

    const chunked = await rawRequest(gatehouse.url, { method: 'POST', path: '/api/admin/teams', headers: ADMIN, body: { bytes: 1024 * 1024, declare: 'chunked' } });
    expect(chunked.status).toBe(413);
    expect(bytesReadBy(chunked.localPort)).toBeLessThan(1024 * 1024);
  });

  it('a body within the limit still works', async () => {
    const response = await fetch(`${gatehouse.url}/api/admin/teams`, { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Within limits' }) });
    expect(response.status).toBe(201);
  });
});

describe('requests for Next (console, /api/*) are bounded before Next sees them', () => {
  let url: string;
  let close: () => Promise<void>;
  const seen: number[] = [];
  beforeAll(async () => {
    // Stands in for Next: reads the whole body, as its route handlers and server actions do.
    const next = async (req: IncomingMessage, res: ServerResponse) => {
      let bytes = 0;
      req.on('data', (chunk: Buffer) => (bytes += chunk.length));
      req.on('end', () => {
        seen.push(bytes);
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`read ${bytes}`);
      });
      req.on('error', () => seen.push(bytes));
    };
    const server = createGatehouseServer(gatehouse.runtime, next);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  });
  afterAll(async () => close?.());

  it('a declared length past the console limit is 413 and never reaches Next', async () => {
    const before = seen.length;
    const result = await rawRequest(url, { method: 'POST', path: '/t/acme/keys', body: { bytes: 4 * 1024, declare: HUNDRED_MB } });
    expect(result.status).toBe(413);
    expect(result.closed).toBe(true);
    expect(seen.length).toBe(before);
  });

  it('a chunked body is cut off at the limit, so Next never holds more', async () => {
    const before = seen.length;
    const result = await rawRequest(url, { method: 'POST', path: '/api/console/anything', body: { bytes: 8 * 1024 * 1024, declare: 'chunked' } });
    expect(result.status).toBeUndefined();
    expect(result.closed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.length).toBe(before + 1);
    expect(seen.at(-1)).toBeLessThanOrEqual(ADMIN_LIMIT);
  });

  it('a small body passes through to Next', async () => {
    const response = await fetch(`${url}/api/console/anything`, { method: 'POST', body: 'hello' });
    expect(await response.text()).toBe('read 5');
  });
});

describe('malformed percent-encoding in a path is a 400 in the door’s envelope', () => {
  it('admin API', async () => {
    const response = await fetch(`${gatehouse.url}/api/admin/teams/%E0%A4%A/keys`, { headers: ADMIN });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_request', message: 'The request path is not valid percent-encoding.' } });
  });

  it('gateway', async () => {
    const response = await fetch(`${gatehouse.url}/v1/models/openai%2Fgpt-4o%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_request' } });
  });

  it('a data: URL with malformed percent-encoding in a translated call', async () => {
    const response = await fetch(`${gatehouse.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'anthropic/claude-sonnet-4',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:text/plain,%E0%A4%A' } }, { type: 'text', text: 'hi' }] }],
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('a Host header that is no URL authority does not fail the request', async () => {
    const result = await rawRequest(gatehouse.url, { method: 'GET', path: '/v1/models', headers: { host: 'exa mple:99999' } });
    expect(result.status).toBe(200);
  });
});

describe('official clients see the 413, not a broken connection', () => {
  const big = 'x'.repeat(32 * MODEL_LIMIT);

  it('openai', async () => {
    const { default: OpenAI } = await import('openai');
    const client = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 });
    const error = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: big }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: 413, code: 'request_too_large' });
  });

  it('@anthropic-ai/sdk', async () => {
    const { default: Anthropic } = await import('@anthropic-ai/sdk');
    const client = new Anthropic({ baseURL: gatehouse.url, apiKey: team.key, maxRetries: 0 });
    const error = await client.messages.create({ model: 'anthropic/claude-sonnet-4', max_tokens: 10, messages: [{ role: 'user', content: big }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ status: 413, error: { type: 'error', error: { type: 'request_too_large' } } });
  });
});

describe('Expect: 100-continue', () => {
  async function expectContinue(headers: string, body: string) {
    const { socket, whenClosed } = await openSocket(gatehouse.url);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\nexpect: 100-continue\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${headers}\r\n`);
    for (let i = 0; i < 150 && !/^HTTP\/1\.1 \d{3}/.test(received); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const first = received;
    if (first.startsWith('HTTP/1.1 100')) socket.write(body);
    await Promise.race([whenClosed, new Promise((resolve) => setTimeout(resolve, 1_500))]);
    socket.destroy();
    return { first, all: received };
  }

  it('an unauthenticated request is refused without being asked for its body', async () => {
    const { first } = await expectContinue('', 'x'.repeat(200 * 1024));
    expect(first).toMatch(/^HTTP\/1\.1 401/);
  });

  it('an authenticated one is asked for its body when the handler reads it', async () => {
    const body = JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hello' }] });
    const { first, all } = await expectContinue(`authorization: Bearer ${team.key}\r\nconnection: close\r\n`, body);
    expect(first).toMatch(/^HTTP\/1\.1 100 Continue/);
    expect(all).toContain('HTTP/1.1 200 OK');
  });
});

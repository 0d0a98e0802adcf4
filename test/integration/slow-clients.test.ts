import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';
import { openSocket } from '../raw-http';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `text` one byte every `everyMs` until done or the server closes; true if the server closed first. */
async function dribble(socket: import('node:net').Socket, closed: () => boolean, text: string, everyMs: number): Promise<boolean> {
  for (const byte of text) {
    if (closed()) return true;
    socket.write(byte);
    await sleep(everyMs);
  }
  return closed();
}

describe('slow clients are cut by the header and request timeouts', () => {
  let gatehouse: Gatehouse;
  beforeAll(async () => {
    gatehouse = await startGatehouse({ env: { GATEHOUSE_HEADERS_TIMEOUT_MS: '400', GATEHOUSE_REQUEST_TIMEOUT_MS: '1000' } });
  });
  afterAll(async () => gatehouse?.close());

  it('slowloris: headers sent a byte at a time, never finished, get 408 and a closed connection', async () => {
    const { socket, closed } = await openSocket(gatehouse.url);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.write('GET /v1/models HTTP/1.1\r\nhost: localhost\r\n');
    // 80 bytes at 50 ms: 4 s, ten times the header timeout.
    const cut = await dribble(socket, closed, `x-slow: ${'a'.repeat(72)}`, 50);
    socket.destroy();
    expect(cut).toBe(true);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a connection that never sends anything is closed by the header timeout', async () => {
    const { socket, whenClosed, closed } = await openSocket(gatehouse.url);
    socket.resume();
    await Promise.race([whenClosed, sleep(4_000)]);
    socket.destroy();
    expect(closed()).toBe(true);
  });

  it('a body sent a byte at a time is cut by the request timeout', async () => {
    const team = await gatehouse.team();
    const { socket, closed } = await openSocket(gatehouse.url);
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer ${team.key}\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n`);
    const cut = await dribble(socket, closed, ' '.repeat(80), 50);
    socket.destroy();
    expect(cut).toBe(true);
  });

  it('a streamed response longer than the request timeout is not cut', async () => {
    const team = await gatehouse.team();
    const started = Date.now();
    const response = await fetch(`${gatehouse.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o', stream: true, messages: [{ role: 'user', content: '[[text:one two three four five six seven eight]] [[delay:300]]' }] }),
    });
    expect(response.status).toBe(200);
    const body = await response.text();
    // The stream ran well past the 1 s request timeout and still ended properly.
    expect(Date.now() - started).toBeGreaterThan(1_500);
    expect(body).toContain('eight');
    expect(body.trim().endsWith('data: [DONE]')).toBe(true);
  });
});

describe('open connections per client address', () => {
  let gatehouse: Gatehouse;
  beforeAll(async () => {
    gatehouse = await startGatehouse({ env: { GATEHOUSE_MAX_CONNECTIONS_PER_CLIENT: '4' } });
  });
  afterAll(async () => gatehouse?.close());

  it('the connection past the bound is closed at once; the others stay open and usable, and a slot frees when one closes', async () => {
    const held = await Promise.all(Array.from({ length: 4 }, () => openSocket(gatehouse.url)));
    const extra = await openSocket(gatehouse.url);
    await Promise.race([extra.whenClosed, sleep(2_000)]);
    expect(extra.closed()).toBe(true);
    expect(held.map((connection) => connection.closed())).toEqual([false, false, false, false]);

    // A held connection still serves requests.
    let answer = '';
    held[0].socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    held[0].socket.write('GET /health HTTP/1.1\r\nhost: localhost\r\n\r\n');
    for (let i = 0; i < 100 && !answer.includes('"ok"'); i++) await sleep(20);
    expect(answer).toMatch(/^HTTP\/1\.1 200/);

    held[1].socket.destroy();
    await held[1].whenClosed;
    await sleep(50);
    const again = await openSocket(gatehouse.url);
    await sleep(200);
    expect(again.closed()).toBe(false);
    for (const connection of [...held, again]) connection.socket.destroy();
  });
});

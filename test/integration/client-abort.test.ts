import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usageLogs } from '@/db/schema';
import { getBalance } from '@/db/queries/credits';
import { routeGatewayRequest } from '@/lib/gateway/router';
import { startGatehouse, type Gatehouse } from '../harness';

// Issue 13 item 2: a client that leaves (before the headers, mid-stream, or before a JSON
// answer) still ends in exactly one usage row, is charged, and leaves no credit held.

let gatehouse: Gatehouse;

beforeAll(async () => {
  gatehouse = await startGatehouse();
});
afterAll(async () => gatehouse?.close());

type Door = { name: string; path: string; headers: Record<string, string>; body(text: string, stream: boolean): unknown };

const doors: Door[] = [
  {
    name: 'chat completions',
    path: '/v1/chat/completions',
    headers: {},
    body: (text, stream) => ({ model: 'openai/gpt-4o-mini', stream, messages: [{ role: 'user', content: text }] }),
  },
  { name: 'responses', path: '/v1/responses', headers: {}, body: (text, stream) => ({ model: 'openai/gpt-4o-mini', stream, input: text }) },
  {
    name: 'messages',
    path: '/v1/messages',
    headers: { 'anthropic-version': '2023-06-01' },
    body: (text, stream) => ({ model: 'anthropic/claude-3.5-haiku', max_tokens: 100, stream, messages: [{ role: 'user', content: text }] }),
  },
  {
    name: 'AI SDK language model',
    path: '/v4/ai/language-model',
    headers: { 'ai-language-model-id': 'openai/gpt-4o-mini' },
    body: (text) => ({ prompt: [{ role: 'user', content: [{ type: 'text', text }] }] }),
  },
];

/** The team's one usage row, once written (streams meter when they end, which is after the client left). */
async function onlyRow(teamId: string) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    await gatehouse.flush();
    const rows = await gatehouse.db.select().from(usageLogs).where(eq(usageLogs.teamId, teamId));
    if (rows.length > 0 || Date.now() > deadline) {
      // Anything late would be a second row.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await gatehouse.flush();
      return gatehouse.db.select().from(usageLogs).where(eq(usageLogs.teamId, teamId));
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function expectSettled(teamId: string) {
  const rows = await onlyRow(teamId);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ status: 'aborted', httpStatus: 499, errorCode: 'client_closed' });
  expect(rows[0].billedMicros).toBeGreaterThan(0);
  const balance = await getBalance(gatehouse.db, teamId);
  // Strict mode: the request held credit, and it is all given back; the charge is in the balance.
  expect(balance?.reservedMicros).toBe(0);
  expect(balance?.balanceMicros).toBe(1_000_000 - rows[0].billedMicros);
}

const send = (door: Door, key: string, text: string, stream: boolean, signal: AbortSignal) =>
  fetch(`${gatehouse.url}${door.path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      ...door.headers,
      ...(door.path.startsWith('/v4') && stream ? { 'ai-language-model-streaming': 'true' } : {}),
    },
    body: JSON.stringify(door.body(text, stream)),
    signal,
  });

describe.each(doors)('a client that leaves early, on $name', (door) => {
  // $1, below GATEHOUSE_STRICT_CREDIT_BELOW_MICROS: every request holds credit in the database.
  const team = () => gatehouse.team(1_000_000);

  it('before the response headers of a stream: one aborted row, charged, hold released', async () => {
    const { id, key } = await team();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await expect(send(door, key, 'Hi [[stall:600]]', true, controller.signal)).rejects.toThrow();
    await expectSettled(id);
  });

  it('in the middle of a stream: one aborted row, charged, hold released', async () => {
    const { id, key } = await team();
    const controller = new AbortController();
    const response = await send(door, key, 'Hi [[text:one two three four five six]] [[delay:200]]', true, controller.signal);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.read().catch(() => {});
    await expectSettled(id);
  });

  it('before a JSON answer: one aborted row, charged for what the upstream answered, hold released', async () => {
    const { id, key } = await team();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await expect(send(door, key, 'Hi [[stall:600]]', false, controller.signal)).rejects.toThrow();
    await expectSettled(id);
  });
});

describe('a client that leaves early, on the web path (Next route handlers)', () => {
  // Next aborts the request's signal when the client goes, and cancels the response body it could not deliver.
  const webCall = async (key: string, stream: boolean) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const response = await routeGatewayRequest(
      gatehouse.runtime.gateway,
      new Request('http://gatehouse.test/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream, messages: [{ role: 'user', content: 'Hi [[stall:600]]' }] }),
        signal: controller.signal,
      }),
    );
    await response.body?.cancel();
  };

  it('meters a stream whose body is cancelled before it was read, once, and releases its hold', async () => {
    const { id, key } = await gatehouse.team(1_000_000);
    await webCall(key, true);
    await expectSettled(id);
  });

  it('logs a JSON answer the client no longer waits for as aborted, charged, and releases its hold', async () => {
    const { id, key } = await gatehouse.team(1_000_000);
    await webCall(key, false);
    await expectSettled(id);
  });
});

import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';

// Issue 17: right after a stream ends or is stopped, its usage row is not written yet, and
// GET /v1/generation answered 404 for a correct id. It now waits briefly for the team's own
// generations that this instance is still running or settling; other ids stay an immediate 404.

let gatehouse: Gatehouse;
beforeAll(async () => {
  gatehouse = await startGatehouse();
});
afterAll(async () => gatehouse?.close());

const generation = (id: string, key: string) => fetch(`${gatehouse.url}/v1/generation?id=${id}`, { headers: { authorization: `Bearer ${key}` } });

/** A stream of six chunks 250 ms apart, its generation id, and its first chunk read. */
async function slowStream(key: string) {
  const client = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: key, maxRetries: 0 });
  const controller = new AbortController();
  const { data: stream, response } = await client.chat.completions
    .create({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Hi [[text:one two three four five six]] [[delay:250]]' }] }, { signal: controller.signal })
    .withResponse();
  const id = response.headers.get('x-generation-id')!;
  const chunks = stream[Symbol.asyncIterator]();
  await chunks.next();
  return { id, controller, chunks };
}

describe('GET /v1/generation for a generation that is still being recorded', () => {
  it('waits for a running stream of the team and answers with its record once it ends', async () => {
    const team = await gatehouse.team();
    const { id, chunks } = await slowStream(team.key);
    const asked = Date.now();
    const answer = generation(id, team.key);
    // Drain the stream meanwhile: it ends about a second later, and only then is the row written.
    for (let next = await chunks.next(); !next.done; next = await chunks.next());
    const response = await answer;
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { id: string; status: string; streamed: boolean } };
    expect(data).toMatchObject({ id, status: 'success', streamed: true });
    expect(Date.now() - asked).toBeGreaterThan(500);
  });

  // Here the gateway usually settles the stop before the request arrives; the test above is the one that needs the wait.
  it('answers for a stream the client just stopped, and shows it aborted', async () => {
    const team = await gatehouse.team();
    const { id, controller } = await slowStream(team.key);
    controller.abort();
    const response = await generation(id, team.key);
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { id: string; status: string } };
    expect(data).toMatchObject({ id, status: 'aborted' });
  });

  it("answers another team's running generation at once with 404: only a team's own generations wait", async () => {
    const owner = await gatehouse.team();
    const other = await gatehouse.team();
    const { id, controller } = await slowStream(owner.key);
    const asked = Date.now();
    const response = await generation(id, other.key);
    expect(response.status).toBe(404);
    expect(Date.now() - asked).toBeLessThan(500);
    controller.abort();
    await gatehouse.waitForUsage(id);
  });
});

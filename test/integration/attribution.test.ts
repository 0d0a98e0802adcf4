import { createGateway } from '@ai-sdk/gateway';
import { generateText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsage } from '@/db/queries/usage-console';
import { startGatehouse, type Gatehouse } from '../harness';

// App attribution and the AI SDK's ai-o11y-* headers land on the usage row, bounded, and the
// console's usage filter finds them.

let gatehouse: Gatehouse;
let team: Awaited<ReturnType<Gatehouse['team']>>;

beforeAll(async () => {
  gatehouse = await startGatehouse();
  team = await gatehouse.team();
});
afterAll(async () => gatehouse?.close());

const generationId = (metadata: unknown) => (metadata as { gateway: { generationId: string } }).gateway.generationId;
const range = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000), limit: 50 };

describe('app attribution on the usage row', () => {
  it('records http-referer, x-title and the ai-o11y headers, sanitised and bounded, and filters by app', async () => {
    const gateway = createGateway({
      baseURL: `${gatehouse.url}/v4/ai`,
      apiKey: team.key,
      headers: { 'http-referer': 'https://acme.example/chat', 'x-title': `Acme\tChat ${'x'.repeat(400)}` },
    });
    const result = await generateText({
      model: gateway('openai/gpt-4o'),
      prompt: 'Hi',
      headers: { 'ai-o11y-region': 'iad1', 'ai-o11y-deployment-id': 'dpl_123', 'ai-o11y-made-up': 'not kept' },
      maxRetries: 0,
    });
    const row = await gatehouse.usage(generationId(result.providerMetadata));
    expect(row.appReferer).toBe('https://acme.example/chat');
    expect(row.appTitle).toBe(`AcmeChat ${'x'.repeat(256 - 'AcmeChat '.length)}`);
    expect(row.o11y).toEqual({ region: 'iad1', 'deployment-id': 'dpl_123' });

    const plain = await generateText({ model: createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: team.key })('openai/gpt-4o'), prompt: 'Hi', maxRetries: 0 });
    const plainRow = await gatehouse.usage(generationId(plain.providerMetadata));
    expect([plainRow.appReferer, plainRow.appTitle, plainRow.o11y]).toEqual([null, null, null]);

    const byReferer = await listUsage(gatehouse.db, team.id, { ...range, app: 'https://acme.example/chat' });
    expect(byReferer.rows.map((usage) => usage.generationId)).toEqual([row.generationId]);
    expect((await listUsage(gatehouse.db, team.id, { ...range, app: 'someone else' })).rows).toHaveLength(0);
  });
});

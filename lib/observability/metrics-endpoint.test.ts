import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from './metrics';
import { serveMetrics } from './metrics-endpoint';

const metrics = new GatewayMetrics({ meter: { size: 0, counters: { splitBatches: 0, storedMinimal: 0, deadLettered: 0 } }, health: { view: () => [] } }, { maxModels: 10, maxTeams: 10 });

async function statusOf(options: Parameters<typeof serveMetrics>[2], authorization?: string, method = 'GET') {
  const server = createServer((req, res) => void serveMetrics(req, res, options));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`, { method, headers: authorization ? { authorization } : {} });
    return response.status;
  } finally {
    server.close();
  }
}

describe('serveMetrics', () => {
  it('is not served (404) with metrics off or no token configured, rather than served to anyone', async () => {
    expect(await statusOf({ metrics, tokens: [undefined, undefined] })).toBe(404);
    expect(await statusOf({ metrics: undefined, tokens: ['t'.repeat(24)] }, `Bearer ${'t'.repeat(24)}`)).toBe(404);
  });

  it('answers either configured token, and only GET and HEAD', async () => {
    const tokens = ['a'.repeat(24), 'b'.repeat(24)];
    expect(await statusOf({ metrics, tokens }, `Bearer ${'b'.repeat(24)}`)).toBe(200);
    expect(await statusOf({ metrics, tokens }, `bearer ${'a'.repeat(24)}`, 'HEAD')).toBe(200);
    expect(await statusOf({ metrics, tokens }, `Bearer ${'a'.repeat(24)}`, 'POST')).toBe(405);
    expect(await statusOf({ metrics, tokens }, `Bearer ${'c'.repeat(24)}`)).toBe(401);
  });
});

import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@/lib/logger';
import type { NextHandler } from './create-server';
import { lazyConsole } from './lazy-console';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(handler: NextHandler): Promise<string> {
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

const page: NextHandler = async (_req, res) => void res.end('console');

describe('the console loaded on first use', () => {
  it('loads once for concurrent first requests, and serves them all', async () => {
    let loads = 0;
    const url = await serve(
      lazyConsole(async () => {
        loads++;
        await new Promise((resolve) => setTimeout(resolve, 200));
        return page;
      }, createLogger('silent')),
    );
    const bodies = await Promise.all([1, 2, 3].map(async () => (await fetch(url)).text()));
    expect(bodies).toEqual(['console', 'console', 'console']);
    expect(loads).toBe(1);
  });

  it('answers 503 when loading fails, and tries again on the next request', async () => {
    let loads = 0;
    const url = await serve(
      lazyConsole(async () => {
        loads++;
        if (loads === 1) throw new Error('no .next build');
        return page;
      }, createLogger('silent')),
    );
    const failed = await fetch(url);
    expect(failed.status).toBe(503);
    expect(await failed.text()).not.toContain('.next');
    const retried = await fetch(url);
    expect(await retried.text()).toBe('console');
    expect(loads).toBe(2);
  });
});

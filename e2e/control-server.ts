import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeUpstream } from '../test/fake-upstream';

/**
 * The fake upstreams live in the Playwright runner; tests run in workers. This tiny server
 * lets a test read what an upstream received: GET /calls/<name>, POST /reset.
 */
export async function startControlServer(upstreams: Record<string, FakeUpstream>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const [, action, name] = (req.url ?? '/').split('/');
    if (req.method === 'GET' && action === 'calls' && upstreams[name]) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(upstreams[name].calls));
      return;
    }
    if (req.method === 'POST' && action === 'reset') {
      for (const upstream of Object.values(upstreams)) upstream.reset();
      res.writeHead(204).end();
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

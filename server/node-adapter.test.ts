import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeGatewayInput, sendWebResponse } from './node-adapter';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Serves one Response through sendWebResponse and reads the reply's first chunk, then the rest. */
async function serve(response: () => Response) {
  server = createServer((_req, res) => void sendWebResponse(response(), res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise<{ headers: Record<string, unknown>; chunks: string[] }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      const chunks: string[] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        chunks.push(chunk);
        if (chunks.length === 1) release?.();
      });
      res.on('end', () => resolve({ headers: res.headers, chunks }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

let release: (() => void) | undefined;

describe('sendWebResponse', () => {
  it('streams a download: the client has the first batch before the next one is produced', async () => {
    const firstReceived = new Promise<void>((resolve) => (release = resolve));
    const reply = await serve(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async start(controller) {
              controller.enqueue(new TextEncoder().encode('id,model\r\n'));
              // A buffered reply would wait here for ever: the client sees nothing until the end.
              await Promise.race([firstReceived, new Promise((_, reject) => setTimeout(() => reject(new Error('first batch never reached the client')), 3_000))]).catch((error) => controller.error(error));
              controller.enqueue(new TextEncoder().encode('gen_1,openai/gpt-4o\r\n'));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="usage.csv"' } },
        ),
    );
    expect(reply.chunks.join('')).toBe('id,model\r\ngen_1,openai/gpt-4o\r\n');
    expect(reply.headers['content-length']).toBeUndefined();
  });

  it('sends a finished document with its length', async () => {
    const reply = await serve(() => Response.json({ ok: true }));
    expect(reply.chunks.join('')).toBe('{"ok":true}');
    expect(reply.headers['content-length']).toBe('11');
  });
});

describe('nodeGatewayInput', () => {
  it("reads Node's request as the gateway does, through objects with no accessors of their own", async () => {
    const seen = new Promise<{ auth: string | null; forwarded: string | null; missing: string | null; text: string; again: string; aborted: boolean; ownAccessors: string[] }>((resolve) => {
      server = createServer((req, res) => {
        const input = nodeGatewayInput(req, 1_000);
        // V8 allocates an own getter's accessor pair in the old generation: a per-request object
        // with one kept the request alive through every scavenge (see nodeGatewayInput).
        const ownAccessors = [input, input.headers, input.signal].flatMap((part) =>
          Object.entries(Object.getOwnPropertyDescriptors(part))
            .filter(([, descriptor]) => descriptor.get || descriptor.set)
            .map(([name]) => name),
        );
        void (async () => {
          const text = await input.text();
          resolve({ auth: input.headers.get('Authorization'), forwarded: input.headers.get('x-forwarded-for'), missing: input.headers.get('x-none'), text, again: await input.text(), aborted: input.signal!.aborted, ownAccessors });
          res.end();
        })();
      });
      server.listen(0, '127.0.0.1', () => {
        const { port } = server!.address() as AddressInfo;
        const req = request({ host: '127.0.0.1', port, path: '/', method: 'POST', headers: { authorization: 'Bearer k', 'x-forwarded-for': ['a', 'b'] } });
        req.on('response', (res) => res.resume());
        req.end('{"model":"m"}');
      });
    });
    expect(await seen).toEqual({ auth: 'Bearer k', forwarded: 'a, b', missing: null, text: '{"model":"m"}', again: '{"model":"m"}', aborted: false, ownAccessors: [] });
  });
});

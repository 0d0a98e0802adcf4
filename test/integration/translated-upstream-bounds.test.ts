import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGateway } from '@ai-sdk/gateway';
import { transcribe } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';

/**
 * A translated call reads the upstream through an AI SDK provider, which buffers a JSON answer
 * whole and an SSE event whole. An upstream that never ends either (a team's own base URL can
 * point anywhere) must not grow that buffer without bound: the call is cut at the pass-through
 * path's limits and the next credential serves.
 */
const CAP = 100 * 1024 * 1024;
const MiB = 1024 * 1024;

let gatehouse: Gatehouse;
let endless: Server;
let endlessUrl: string;
/** Bytes the endless upstream had written when each of its connections closed. */
const written: Array<{ stream: boolean; bytes: number }> = [];

beforeAll(async () => {
  gatehouse = await startGatehouse();
  endless = createServer((req, res) => {
    let request = '';
    req.setEncoding('utf8');
    req.on('data', (text: string) => (request += text));
    req.on('end', () => {
      // A JSON request may ask for a stream; a form (an upload to transcribe) does not.
      const stream = request.startsWith('{') && (JSON.parse(request) as { stream?: boolean }).stream === true;
      let bytes = 0;
      res.once('close', () => written.push({ stream, bytes }));
      res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
      // An answer whose content never ends: one JSON document, or one SSE event.
      res.write(
        stream
          ? 'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"'
          : '{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"',
      );
      const piece = Buffer.alloc(MiB, 'a');
      const pump = () => {
        while (bytes < CAP && !res.destroyed) {
          bytes += piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end(stream ? '"}}]}\n\n' : '"}}]}');
      };
      pump();
    });
  });
  await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
  endlessUrl = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await gatehouse?.close();
  endless?.closeAllConnections();
  await new Promise((resolve) => endless?.close(resolve));
});

async function call(stream: boolean) {
  const team = await gatehouse.team();
  written.length = 0;
  // The Messages door to an OpenAI model: translated. The team's key at the endless base URL is tried first.
  const response = await fetch(`${gatehouse.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': team.key, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'openai/gpt-4o',
      max_tokens: 20,
      stream,
      messages: [{ role: 'user', content: 'Hi' }],
      providerOptions: { gateway: { byok: { openai: [{ apiKey: 'sk-team-own', baseURL: endlessUrl }] } } },
    }),
  });
  return { status: response.status, text: await response.text() };
}

describe('a translated call bounds what it reads from the upstream', () => {
  it('a JSON answer that never ends is cut past 32 MiB, and the system credential serves', async () => {
    const { status, text } = await call(false);
    expect(status).toBe(200);
    expect(JSON.parse(text).content[0].text).toBeTruthy();
    expect(written.length).toBeGreaterThan(0);
    for (const connection of written) expect(connection).toEqual({ stream: false, bytes: expect.any(Number) });
    for (const { bytes } of written) expect(bytes).toBeLessThan(48 * MiB);
  });

  it('a stream event that never ends is cut past 16 MiB, and the system credential serves', async () => {
    const { status, text } = await call(true);
    expect(status).toBe(200);
    expect(text).toContain('message_stop');
    expect(written.length).toBeGreaterThan(0);
    for (const connection of written) expect(connection).toEqual({ stream: true, bytes: expect.any(Number) });
    for (const { bytes } of written) expect(bytes).toBeLessThan(32 * MiB);
  });

  it('a transcript that never ends is cut past 16 MiB, and the system credential serves', async () => {
    const team = await gatehouse.team();
    written.length = 0;
    const gateway = createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: team.key });
    const audio = new Uint8Array(48_000).fill(7);
    const result = await transcribe({
      model: gateway.transcriptionModel('openai/whisper-1'),
      audio,
      providerOptions: { gateway: { byok: { openai: [{ apiKey: 'sk-team-own', baseURL: endlessUrl }] } } },
      maxRetries: 0,
    });
    expect(result.text).toBe(`fake transcript of ${audio.byteLength} bytes`);
    expect(written.length).toBeGreaterThan(0);
    for (const { bytes } of written) expect(bytes).toBeLessThan(32 * MiB);
  });
});

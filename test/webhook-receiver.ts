import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@/lib/alerts/signature';

export type ReceivedWebhook = {
  event: string | undefined;
  delivery: string | undefined;
  signature: string | undefined;
  body: string;
  /** Whether the signature checked out against the receiver's secret at its clock. */
  verified: boolean;
  /** What the receiver answered. */
  status: number;
};

/**
 * A local webhook receiver that does what README tells integrators to: verify
 * `x-gatehouse-signature` over the raw body with the endpoint's secret. It answers 500 to the
 * first `failFirst` deliveries (then 200), and 400 to any whose signature does not verify.
 * `nowSeconds` is the receiver's clock, so tests on an injected clock can verify timestamps.
 */
export async function startWebhookReceiver(options: { failFirst?: number } = {}) {
  const received: ReceivedWebhook[] = [];
  const state = { secret: '', failFirst: options.failFirst ?? 0, nowSeconds: () => Math.floor(Date.now() / 1000) };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = request.headers['x-gatehouse-signature'] as string | undefined;
      const verified = verifySignature(state.secret, body, signature, { nowSeconds: state.nowSeconds() });
      const status = !verified ? 400 : received.filter((item) => item.verified).length < state.failFirst ? 500 : 200;
      received.push({ event: request.headers['x-gatehouse-event'] as string, delivery: request.headers['x-gatehouse-delivery'] as string, signature, body, verified, status });
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status === 200 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/gatehouse`,
    port,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

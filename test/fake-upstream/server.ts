// The HTTP server: records every call, resolves the behavior plan, and writes the reply.
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorReply, type ErrorSpec } from './errors';
import { clientGone, flatHeaders, readBody, sendJson, sleep } from './http-io';
import { ids } from './ids';
import { finalizeReply } from './reply';
import { handleMedia, MEDIA_PATHS } from './media';
import { route } from './routes';
import { BehaviorScript } from './script';
import { writeFrames } from './sse';
import type { FakeCall, FakeUpstream, Generation, Provider, StartOptions } from './types';

function providerHeaders(provider: Provider, requestId: string, name: string): OutgoingHttpHeaders {
  const base: OutgoingHttpHeaders = { 'x-fake-upstream': name };
  if (provider === 'openai') return { ...base, 'x-request-id': requestId, 'openai-processing-ms': '1' };
  if (provider === 'anthropic') return { ...base, 'request-id': requestId };
  return base;
}

export async function startFakeUpstream(opts: StartOptions = {}): Promise<FakeUpstream> {
  const name = opts.name ?? 'fake';
  const calls: FakeCall[] = [];
  const script = new BehaviorScript();

  const sendError = (res: ServerResponse, provider: Provider, e: ErrorSpec, seq: number) => {
    const er = errorReply(provider, e, name, ids.request(seq));
    sendJson(res, er.status, er.body, { 'x-fake-upstream': name, ...er.headers });
  };

  async function generate(res: ServerResponse, g: Generation, seq: number, signal: AbortSignal): Promise<void> {
    const plan = script.next(g.userText);
    if (plan.stallMs > 0 && !(await sleep(plan.stallMs, signal))) return;
    if (plan.outcome.kind === 'error') return sendError(res, g.provider, plan.outcome, seq);
    if (plan.cutAfter !== null && !g.stream) {
      res.destroy(); // non-streaming "cut": the connection dies before any response bytes
      return;
    }
    const reply = finalizeReply(plan.outcome.reply, name, g.limit);
    const ctx = { seq, name, model: g.model };
    const headers = providerHeaders(g.provider, ids.request(seq), name);
    if (!g.stream) return sendJson(res, 200, g.json(reply, ctx), headers);
    await writeFrames(res, g.frames(reply, ctx), { headers, delayMs: reply.chunkDelayMs, cutAfter: plan.cutAfter, signal });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const signal = clientGone(res);
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const mediaPath = new URL(rawUrl, 'http://fake.invalid').pathname;
    if (method === 'POST' && MEDIA_PATHS.has(mediaPath)) {
      return handleMedia(req, res, mediaPath, script, (body) => calls.push({ path: rawUrl, method, headers: flatHeaders(req), body, at }), signal);
    }
    const raw = await readBody(req);
    let body: any = null;
    let malformed = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
        malformed = true;
      }
    }
    calls.push({ path: rawUrl, method, headers: flatHeaders(req), body, at });
    const seq = calls.length;

    const r = route(method, new URL(rawUrl, 'http://fake.invalid'), req.headers, name);
    if (r.kind === 'not-found') return sendError(res, r.provider, { status: 404, message: r.message }, seq);
    if (r.kind === 'listing') return sendJson(res, 200, r.body, providerHeaders(r.provider, ids.request(seq), name));
    if (malformed || body === null || typeof body !== 'object' || Array.isArray(body)) {
      return sendError(res, r.provider, { status: 400, message: 'Could not parse the JSON body of your request.' }, seq);
    }
    if (r.kind === 'count') {
      const counted = r.count(body);
      if ('invalid' in counted) return sendError(res, r.provider, { status: 400, message: counted.invalid }, seq);
      return sendJson(res, 200, counted, providerHeaders(r.provider, ids.request(seq), name));
    }
    const g = r.parse(body);
    if ('invalid' in g) return sendError(res, r.provider, { status: 400, message: g.invalid }, seq);
    await generate(res, g, seq, signal);
  }

  const server = createServer((req, res) => {
    req.socket.setNoDelay(true);
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err), type: 'server_error', param: null, code: null } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: load tests open a thousand connections at once, and with Node's
    // default (511) the kernel drops the rest, which then wait seconds for a SYN retransmit.
    server.listen({ port: opts.port ?? 0, host: '127.0.0.1', backlog: 4_096 }, () => resolve());
  });
  if (opts.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = opts.keepAliveTimeoutMs;
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    enqueue: (...b) => script.enqueue(...b),
    setDefault: (b) => script.setDefault(b),
    reset: () => {
      calls.length = 0;
      script.reset();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

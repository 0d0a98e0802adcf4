// A fake Cohere: POST /v2/rerank in Cohere's wire format (docs.cohere.com/v2/reference/rerank).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { flatHeaders, readBody, sendJson } from './http-io';

export type CohereCall = { path: string; headers: Record<string, string>; body: any };

/** What the next call answers: a ranking (the default), or Cohere's error body with a status. */
export type CohereBehavior = { error?: { status: number; message: string; retryAfter?: string }; searchUnits?: number | null; delayMs?: number };

export type FakeCohere = {
  url: string;
  calls: CohereCall[];
  /** Behaviors for the next calls, in order; afterwards calls are ranked normally. */
  script(...behaviors: CohereBehavior[]): void;
  reset(): void;
  close(): Promise<void>;
};

/** Relevance: the share of query words found in the document, so the ranking is predictable. */
function score(query: string, document: string): number {
  const words = query.toLowerCase().split(/\W+/).filter(Boolean);
  const text = document.toLowerCase();
  const found = words.filter((word) => text.includes(word)).length;
  return Math.round((found / Math.max(1, words.length)) * 0.9 * 1e6) / 1e6 + 0.01;
}

export async function startFakeCohere(): Promise<FakeCohere> {
  const calls: CohereCall[] = [];
  let behaviors: CohereBehavior[] = [];
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: any = null;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    const path = req.url ?? '/';
    calls.push({ path, headers: flatHeaders(req), body });
    if (req.method !== 'POST' || path !== '/v2/rerank') return sendJson(res, 404, { message: `no route for ${req.method} ${path}` });
    const behavior = behaviors.shift() ?? {};
    if (behavior.delayMs) await new Promise((resolve) => setTimeout(resolve, behavior.delayMs));
    if (behavior.error) {
      return sendJson(res, behavior.error.status, { id: 'err-1', message: behavior.error.message }, behavior.error.retryAfter ? { 'retry-after': behavior.error.retryAfter } : {});
    }
    if (typeof body?.query !== 'string' || !Array.isArray(body.documents) || body.documents.some((document: unknown) => typeof document !== 'string')) {
      return sendJson(res, 400, { id: 'err-2', message: 'invalid request: documents must be a list of strings' });
    }
    const ranked = (body.documents as string[])
      .map((document, index) => ({ index, relevance_score: score(body.query, document) }))
      .sort((a, b) => b.relevance_score - a.relevance_score || a.index - b.index)
      .slice(0, body.top_n ?? body.documents.length);
    const searchUnits = behavior.searchUnits === undefined ? Math.max(1, Math.ceil(body.documents.length / 100)) : behavior.searchUnits;
    sendJson(res, 200, {
      id: `rerank-${calls.length}`,
      results: ranked,
      meta: { api_version: { version: '2' }, ...(searchUnits === null ? {} : { billed_units: { search_units: searchUnits } }) },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    script: (...next) => {
      behaviors = next;
    },
    reset: () => {
      calls.length = 0;
      behaviors = [];
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

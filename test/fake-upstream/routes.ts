// Path routing: which provider format a request belongs to and what answers it.
import type { IncomingHttpHeaders } from 'node:http';
import { countAnthropicTokens, parseAnthropic } from './anthropic';
import { parseEmbeddings } from './embeddings';
import { parseGemini } from './gemini';
import { anthropicModel, anthropicModelList, geminiModelList, openaiModel, openaiModelList } from './models';
import { parseChat } from './openai-chat';
import { parseResponses } from './openai-responses';
import type { Generation, Invalid, Provider } from './types';

export type Route =
  | { kind: 'generation'; provider: Provider; parse: (body: any) => Generation | Invalid }
  | { kind: 'listing'; provider: Provider; body: unknown }
  | { kind: 'count'; provider: Provider; count: (body: any) => { input_tokens: number } | Invalid }
  | { kind: 'not-found'; provider: Provider; message: string };

const GEMINI_GENERATE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

function providerOf(pathname: string, headers: IncomingHttpHeaders): Provider {
  if (pathname.startsWith('/v1beta/')) return 'gemini';
  if (pathname.startsWith('/v1/messages') || headers['anthropic-version'] !== undefined) return 'anthropic';
  return 'openai';
}

export function route(method: string, url: URL, headers: IncomingHttpHeaders, name: string): Route {
  const p = url.pathname;
  const provider = providerOf(p, headers);
  if (method === 'POST') {
    if (p === '/v1/chat/completions') return { kind: 'generation', provider, parse: parseChat };
    if (p === '/v1/responses') return { kind: 'generation', provider, parse: parseResponses };
    if (p === '/v1/embeddings') return { kind: 'generation', provider, parse: parseEmbeddings };
    if (p === '/v1/messages') return { kind: 'generation', provider, parse: parseAnthropic };
    if (p === '/v1/messages/count_tokens') return { kind: 'count', provider, count: countAnthropicTokens };
    const g = GEMINI_GENERATE.exec(p);
    if (g) {
      const model = decodeURIComponent(g[1]);
      const action = g[2] as 'generateContent' | 'streamGenerateContent';
      return { kind: 'generation', provider, parse: (body) => parseGemini(body, model, action, url.searchParams.get('alt')) };
    }
  }
  if (method === 'GET') {
    if (p === '/v1/models') return { kind: 'listing', provider, body: provider === 'anthropic' ? anthropicModelList() : openaiModelList(name) };
    const one = /^\/v1\/models\/([^/]+)$/.exec(p);
    if (one) {
      const id = decodeURIComponent(one[1]);
      return { kind: 'listing', provider, body: provider === 'anthropic' ? anthropicModel(id) : openaiModel(id, name) };
    }
    if (p === '/v1beta/models') return { kind: 'listing', provider, body: geminiModelList() };
  }
  const message =
    provider === 'openai' ? `Invalid URL (${method} ${p})` : provider === 'anthropic' ? 'Not Found' : `Method not found: ${method} ${p}`;
  return { kind: 'not-found', provider, message };
}

import { z } from 'zod';
import { matchAiSdkPath } from '@/lib/gateway/endpoints/ai-sdk-routes';
import type { RawResponse } from './raw-http';

/** Which error envelope a path's clients parse. */
export type Door = 'openai' | 'anthropic' | 'ai-sdk' | 'admin' | 'console';

/** As the lean server routes: on the path before '?' or '#', undecoded. */
export function doorOf(target: string): Door {
  const pathname = target.split(/[?#]/)[0];
  if (pathname.startsWith('/api/admin/')) return 'admin';
  if (matchAiSdkPath(pathname)) return 'ai-sdk';
  if (pathname === '/v1/messages') return 'anthropic';
  if (pathname === '/health' || pathname.startsWith('/v1/')) return 'openai';
  return 'console';
}

const envelopes: Record<Door, z.ZodType> = {
  // What the openai package reads into APIError (message, type, param, code).
  openai: z.object({ error: z.object({ message: z.string().min(1), type: z.string().min(1), param: z.unknown(), code: z.unknown() }) }),
  // Anthropic's: the SDK reads error.type and error.message.
  anthropic: z.object({ type: z.literal('error'), error: z.object({ type: z.string().min(1), message: z.string().min(1) }) }),
  // @ai-sdk/gateway's gatewayErrorResponseSchema; anything else becomes "Invalid error response format".
  'ai-sdk': z.object({
    error: z.object({ message: z.string(), type: z.string().nullish(), param: z.unknown().nullish(), code: z.union([z.string(), z.number()]).nullish() }),
    generationId: z.string().nullish(),
  }),
  admin: z.object({ error: z.object({ code: z.string().min(1), message: z.string().min(1) }) }),
  console: z.object({ error: z.object({ message: z.string().min(1) }) }),
};

/**
 * Statuses a hostile request may get: success (the mutation left it valid), any 4xx, or 502 when
 * the gateway forwarded it and the upstream refused it. Never 500 (a bug), and never 503/504: in
 * the fuzz suite nothing is down, so "usage log behind" means the meter is stuck.
 */
const acceptable = (status: number) => (status >= 200 && status < 300) || (status >= 400 && status < 500) || status === 502;

/**
 * Node's HTTP server answers some malformed requests itself (400 or 431 from the parser, 417 for
 * an unknown `expect`), with an empty body, before any Gatehouse code runs: no door, no envelope.
 */
const refusedByNode = (response: RawResponse) => [400, 417, 431].includes(response.status) && response.body.length === 0 && !response.headers['content-type'];

/** Throws, naming the problem, unless the answer is one a client of this path can handle. */
export function expectWellFormedAnswer(target: string, response: RawResponse): void {
  const where = `${target.slice(0, 120)} → ${response.status}`;
  if (!acceptable(response.status)) throw new Error(`${where}: unacceptable status; body: ${response.text.slice(0, 300)}`);
  if (refusedByNode(response)) return;
  if (response.status < 300) return;
  const door = doorOf(target);
  if (!response.headers['content-type']?.includes('application/json')) throw new Error(`${where}: error without a JSON content type (${response.headers['content-type']})`);
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    throw new Error(`${where}: error body is not JSON: ${response.text.slice(0, 300)}`);
  }
  const parsed = envelopes[door].safeParse(body);
  if (!parsed.success) throw new Error(`${where}: not the ${door} error envelope: ${response.text.slice(0, 300)}`);
}

// Turn a ReplySpec into a FinalReply: default text/usage, word pieces, argument fragments,
// and the max-output-tokens ("length") rule.
import type { FinalReply, FullUsage, ReplySpec } from './types';

export const DEFAULT_USAGE: FullUsage = { input: 12, output: 7, cached: 0, reasoning: 0 };
export const defaultText = (name: string): string => `Hello from ${name}!`;
/** Tool-call argument JSON is streamed in fragments of at most this many characters. */
export const ARG_FRAGMENT_CHARS = 8;

/** "Hello from fake!" -> ["Hello", " from", " fake!"] (every piece keeps its leading whitespace). */
export function splitWords(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

export function splitFragments(s: string, size = ARG_FRAGMENT_CHARS): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

/**
 * @param limit the request's max output tokens (null/<=0: none). If `limit < usage.output`
 *   the reply is truncated: finish "length", usage.output = limit (reasoning capped at limit),
 *   text = its first `limit` word pieces, and any tool call is dropped.
 */
export function finalizeReply(spec: ReplySpec, name: string, limit: number | null): FinalReply {
  const usage: FullUsage = spec.usage
    ? { input: spec.usage.input, output: spec.usage.output, cached: spec.usage.cached ?? 0, reasoning: spec.usage.reasoning ?? 0, ...(spec.usage.cacheWrite ? { cacheWrite: spec.usage.cacheWrite } : {}) }
    : { ...DEFAULT_USAGE };
  let text: string | null = spec.text ?? (spec.toolCall ? null : defaultText(name));
  let pieces = text === null ? [] : splitWords(text);
  let toolCall: FinalReply['toolCall'] = null;
  if (spec.toolCall) {
    const json = JSON.stringify(spec.toolCall.arguments ?? {});
    toolCall = { name: spec.toolCall.name, arguments: spec.toolCall.arguments ?? {}, json, fragments: splitFragments(json) };
  }
  let finish: FinalReply['finish'] = toolCall ? 'tool' : 'stop';
  if (limit !== null && limit > 0 && limit < usage.output) {
    finish = 'length';
    usage.output = limit;
    usage.reasoning = Math.min(usage.reasoning, limit);
    if (text !== null) {
      pieces = pieces.slice(0, limit);
      text = pieces.join('');
    }
    toolCall = null;
  }
  return { text, pieces, toolCall, finish, usage, chunkDelayMs: Math.max(0, spec.chunkDelayMs ?? 0) };
}

/** First finite number among the candidates (request max-token fields), else null. */
export function firstLimit(...candidates: unknown[]): number | null {
  for (const c of candidates) if (typeof c === 'number' && Number.isFinite(c)) return c;
  return null;
}

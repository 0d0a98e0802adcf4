// Anthropic Messages: POST /v1/messages (JSON and SSE with `event:` lines).
import { ids } from './ids';
import { anthropicLastUserText } from './last-user-text';
import { firstLimit } from './reply';
import { eventFrame } from './sse';
import type { FinalReply, FullUsage, Generation, Invalid, RenderContext } from './types';

const STOP_REASON = { stop: 'end_turn', tool: 'tool_use', length: 'max_tokens' } as const;

/** Anthropic `input_tokens` excludes cache reads and writes, so input_tokens = input - cached - cacheWrite. */
export function anthropicUsage(u: FullUsage, outputTokens = u.output) {
  return {
    input_tokens: Math.max(0, u.input - u.cached - (u.cacheWrite ?? 0)),
    cache_creation_input_tokens: u.cacheWrite ?? 0,
    cache_read_input_tokens: u.cached,
    output_tokens: outputTokens,
    output_tokens_details: { thinking_tokens: u.reasoning },
  };
}

function content(r: FinalReply, ctx: RenderContext): unknown[] {
  const blocks: unknown[] = [];
  if (r.text !== null) blocks.push({ type: 'text', text: r.text, citations: null });
  if (r.toolCall) blocks.push({ type: 'tool_use', id: ids.anthropicToolUse(ctx.seq), name: r.toolCall.name, input: r.toolCall.arguments });
  return blocks;
}

function message(r: FinalReply, ctx: RenderContext, blocks: unknown[], stopReason: string | null, usage: unknown) {
  return {
    id: ids.anthropicMessage(ctx.seq),
    type: 'message',
    role: 'assistant',
    model: ctx.model,
    content: blocks,
    stop_reason: stopReason,
    stop_sequence: null,
    usage,
  };
}

function json(r: FinalReply, ctx: RenderContext) {
  return message(r, ctx, content(r, ctx), STOP_REASON[r.finish], { ...anthropicUsage(r.usage), service_tier: 'standard' });
}

function frames(r: FinalReply, ctx: RenderContext): string[] {
  const out: string[] = [];
  const emit = (type: string, fields: Record<string, unknown> = {}) => out.push(eventFrame(type, { type, ...fields }));
  let pinged = false;
  const ping = () => {
    if (!pinged) emit('ping');
    pinged = true;
  };

  // Like the real API, message_start reports the input side and a provisional output count.
  emit('message_start', {
    message: message(r, ctx, [], null, {
      ...anthropicUsage({ ...r.usage, reasoning: 0 }, Math.min(1, r.usage.output)),
      service_tier: 'standard',
    }),
  });
  let index = 0;
  if (r.text !== null) {
    emit('content_block_start', { index, content_block: { type: 'text', text: '' } });
    ping();
    for (const piece of r.pieces) emit('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
    emit('content_block_stop', { index });
    index++;
  }
  if (r.toolCall) {
    emit('content_block_start', {
      index,
      content_block: { type: 'tool_use', id: ids.anthropicToolUse(ctx.seq), name: r.toolCall.name, input: {} },
    });
    ping();
    emit('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } });
    for (const f of r.toolCall.fragments) emit('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: f } });
    emit('content_block_stop', { index });
  }
  ping();
  emit('message_delta', { delta: { stop_reason: STOP_REASON[r.finish], stop_sequence: null }, usage: anthropicUsage(r.usage) });
  emit('message_stop');
  return out;
}

export function parseAnthropic(body: any): Generation | Invalid {
  if (typeof body?.model !== 'string') return { invalid: 'model: Field required' };
  if (!Array.isArray(body.messages)) return { invalid: 'messages: Field required' };
  if (typeof body.max_tokens !== 'number') return { invalid: 'max_tokens: Field required' };
  return {
    provider: 'anthropic',
    model: body.model,
    stream: body.stream === true,
    limit: firstLimit(body.max_tokens),
    userText: anthropicLastUserText(body),
    json,
    frames,
  };
}

/** Fields of a Messages request that POST /v1/messages/count_tokens refuses, as Anthropic does ("Extra inputs are not permitted"). */
const NOT_COUNTED = ['max_tokens', 'stream', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'metadata', 'service_tier'];

/**
 * The fake's token count: deterministic, and unlike any estimate Gatehouse makes, so a test
 * can tell a pass-through from an estimate. Anthropic's reply is exactly `{ "input_tokens": N }`.
 */
export function fakeTokenCount(body: any): number {
  return 7 + JSON.stringify([body.system ?? null, body.messages, body.tools ?? null]).length;
}

export function countAnthropicTokens(body: any): { input_tokens: number } | Invalid {
  if (typeof body?.model !== 'string') return { invalid: 'model: Field required' };
  if (!Array.isArray(body.messages)) return { invalid: 'messages: Field required' };
  const extra = NOT_COUNTED.find((field) => field in body);
  if (extra) return { invalid: `${extra}: Extra inputs are not permitted` };
  return { input_tokens: fakeTokenCount(body) };
}

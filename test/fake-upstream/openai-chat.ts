// OpenAI Chat Completions: POST /v1/chat/completions (JSON and `stream: true` SSE).
import { FAKE_CREATED, ids } from './ids';
import { chatLastUserText } from './last-user-text';
import { firstLimit } from './reply';
import { dataFrame } from './sse';
import type { FinalReply, FullUsage, Generation, Invalid, RenderContext } from './types';

const FINISH = { stop: 'stop', tool: 'tool_calls', length: 'length' } as const;
const SYSTEM_FINGERPRINT = 'fp_fake';

export function chatUsage(u: FullUsage) {
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function json(r: FinalReply, ctx: RenderContext) {
  const toolCalls = r.toolCall
    ? [{ id: ids.toolCall(ctx.seq), type: 'function', function: { name: r.toolCall.name, arguments: r.toolCall.json } }]
    : undefined;
  return {
    id: ids.chatCompletion(ctx.seq),
    object: 'chat.completion',
    created: FAKE_CREATED,
    model: ctx.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: r.text, refusal: null, annotations: [], ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: FINISH[r.finish],
      },
    ],
    usage: chatUsage(r.usage),
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

function frames(r: FinalReply, ctx: RenderContext, includeUsage: boolean): string[] {
  const chunk = (choices: unknown[], usage?: unknown) => ({
    id: ids.chatCompletion(ctx.seq),
    object: 'chat.completion.chunk',
    created: FAKE_CREATED,
    model: ctx.model,
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices,
    ...(includeUsage ? { usage: usage ?? null } : {}),
  });
  const delta = (d: Record<string, unknown>, finish: string | null = null) =>
    dataFrame(chunk([{ index: 0, delta: d, logprobs: null, finish_reason: finish }]));

  const out = [delta({ role: 'assistant', content: r.text === null ? null : '', refusal: null })];
  for (const piece of r.pieces) out.push(delta({ content: piece }));
  if (r.toolCall) {
    const call = { index: 0, id: ids.toolCall(ctx.seq), type: 'function', function: { name: r.toolCall.name, arguments: '' } };
    out.push(delta({ tool_calls: [call] }));
    for (const f of r.toolCall.fragments) out.push(delta({ tool_calls: [{ index: 0, function: { arguments: f } }] }));
  }
  out.push(delta({}, FINISH[r.finish]));
  if (includeUsage) out.push(dataFrame(chunk([], chatUsage(r.usage))));
  out.push('data: [DONE]\n\n');
  return out;
}

export function parseChat(body: any): Generation | Invalid {
  if (typeof body?.model !== 'string') return { invalid: "Missing required parameter: 'model'." };
  if (!Array.isArray(body.messages)) return { invalid: "Missing required parameter: 'messages'." };
  const includeUsage = body.stream_options?.include_usage === true;
  return {
    provider: 'openai',
    model: body.model,
    stream: body.stream === true,
    limit: firstLimit(body.max_completion_tokens, body.max_tokens),
    userText: chatLastUserText(body),
    json,
    frames: (r, ctx) => frames(r, ctx, includeUsage),
  };
}

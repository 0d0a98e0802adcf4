// OpenAI Responses API: POST /v1/responses (JSON and the full SSE event sequence).
import { FAKE_CREATED, ids } from './ids';
import { responsesLastUserText } from './last-user-text';
import { firstLimit } from './reply';
import { eventFrame } from './sse';
import type { FinalReply, FullUsage, Generation, Invalid, RenderContext } from './types';

type Status = 'in_progress' | 'completed' | 'incomplete';

export function responsesUsage(u: FullUsage) {
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cached },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.input + u.output,
  };
}

const outputText = (text: string) => ({ type: 'output_text', text, annotations: [], logprobs: [] });

function messageItem(r: FinalReply, ctx: RenderContext, status: Status, text: string | null) {
  return {
    id: ids.responseMessage(ctx.seq),
    type: 'message',
    status,
    role: 'assistant',
    content: text === null ? [] : [outputText(text)],
  };
}

function functionCallItem(r: FinalReply, ctx: RenderContext, status: Status, args: string) {
  return {
    id: ids.responseFunctionCall(ctx.seq),
    type: 'function_call',
    status,
    arguments: args,
    call_id: ids.toolCall(ctx.seq),
    name: r.toolCall?.name ?? '',
  };
}

/** Final output items (message first when there is text, then the function call). */
function finalOutput(r: FinalReply, ctx: RenderContext): unknown[] {
  const itemStatus: Status = r.finish === 'length' ? 'incomplete' : 'completed';
  const out: unknown[] = [];
  if (r.text !== null) out.push(messageItem(r, ctx, itemStatus, r.text));
  if (r.toolCall) out.push(functionCallItem(r, ctx, 'completed', r.toolCall.json));
  return out;
}

function responseObject(body: any, ctx: RenderContext, status: Status, output: unknown[], usage: unknown) {
  return {
    id: ids.response(ctx.seq),
    object: 'response',
    created_at: FAKE_CREATED,
    status,
    background: false,
    completed_at: status === 'completed' ? FAKE_CREATED : null,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    metadata: body.metadata ?? {},
    model: ctx.model,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: body.reasoning?.effort ?? null, summary: body.reasoning?.summary ?? null },
    service_tier: 'default',
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage,
    user: null,
  };
}

const terminalStatus = (r: FinalReply): Status => (r.finish === 'length' ? 'incomplete' : 'completed');

function json(body: any, r: FinalReply, ctx: RenderContext) {
  return responseObject(body, ctx, terminalStatus(r), finalOutput(r, ctx), responsesUsage(r.usage));
}

function frames(body: any, r: FinalReply, ctx: RenderContext): string[] {
  const out: string[] = [];
  let seq = 0;
  const emit = (type: string, fields: Record<string, unknown>) =>
    out.push(eventFrame(type, { type, sequence_number: seq++, ...fields }));

  emit('response.created', { response: responseObject(body, ctx, 'in_progress', [], null) });
  emit('response.in_progress', { response: responseObject(body, ctx, 'in_progress', [], null) });

  let outputIndex = 0;
  if (r.text !== null) {
    const itemId = ids.responseMessage(ctx.seq);
    const at = { item_id: itemId, output_index: outputIndex, content_index: 0 };
    emit('response.output_item.added', { output_index: outputIndex, item: messageItem(r, ctx, 'in_progress', null) });
    emit('response.content_part.added', { ...at, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
    for (const piece of r.pieces) emit('response.output_text.delta', { ...at, delta: piece, logprobs: [] });
    emit('response.output_text.done', { ...at, text: r.text, logprobs: [] });
    emit('response.content_part.done', { ...at, part: outputText(r.text) });
    emit('response.output_item.done', { output_index: outputIndex, item: messageItem(r, ctx, terminalStatus(r), r.text) });
    outputIndex++;
  }
  if (r.toolCall) {
    const itemId = ids.responseFunctionCall(ctx.seq);
    emit('response.output_item.added', { output_index: outputIndex, item: functionCallItem(r, ctx, 'in_progress', '') });
    for (const f of r.toolCall.fragments) {
      emit('response.function_call_arguments.delta', { item_id: itemId, output_index: outputIndex, delta: f });
    }
    emit('response.function_call_arguments.done', {
      item_id: itemId,
      output_index: outputIndex,
      name: r.toolCall.name,
      arguments: r.toolCall.json,
    });
    emit('response.output_item.done', { output_index: outputIndex, item: functionCallItem(r, ctx, 'completed', r.toolCall.json) });
  }
  const status = terminalStatus(r);
  emit(status === 'completed' ? 'response.completed' : 'response.incomplete', {
    response: responseObject(body, ctx, status, finalOutput(r, ctx), responsesUsage(r.usage)),
  });
  return out;
}

export function parseResponses(body: any): Generation | Invalid {
  if (typeof body?.model !== 'string') return { invalid: "Missing required parameter: 'model'." };
  if (body.input !== undefined && typeof body.input !== 'string' && !Array.isArray(body.input)) {
    return { invalid: "Invalid type for 'input': expected a string or an array." };
  }
  return {
    provider: 'openai',
    model: body.model,
    stream: body.stream === true,
    limit: firstLimit(body.max_output_tokens),
    userText: responsesLastUserText(body),
    json: (r, ctx) => json(body, r, ctx),
    frames: (r, ctx) => frames(body, r, ctx),
  };
}

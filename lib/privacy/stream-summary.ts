/** What a streamed answer said, rebuilt from the server-sent events the client received. */
export type StreamSummary = { stream: true; text: string; reasoning: string; toolCalls: Array<{ id?: string; name?: string; arguments: string }> };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * Reads the `data:` lines of an event stream in any of the client formats (Chat Completions,
 * Responses, Anthropic Messages, the AI SDK's gateway protocol) and keeps the text, reasoning
 * and tool calls; anything else is ignored. Cut streams give what arrived.
 */
export function summarizeStream(sse: string): StreamSummary {
  const summary: StreamSummary = { stream: true, text: '', reasoning: '', toolCalls: [] };
  const byKey = new Map<string, StreamSummary['toolCalls'][number]>();
  const call = (key: string, init: { id?: string; name?: string } = {}) => {
    let entry = byKey.get(key);
    if (!entry) {
      entry = { arguments: '' };
      byKey.set(key, entry);
      summary.toolCalls.push(entry);
    }
    if (init.id) entry.id = init.id;
    if (init.name) entry.name = init.name;
    return entry;
  };
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data:')) continue;
    let event: unknown;
    try {
      event = JSON.parse(line.slice(5).trim());
    } catch {
      continue;
    }
    if (!isObject(event)) continue;
    // Chat Completions
    if (Array.isArray(event.choices)) {
      for (const choice of event.choices) {
        const delta = isObject(choice) && isObject(choice.delta) ? choice.delta : undefined;
        if (!delta) continue;
        summary.text += str(delta.content) ?? '';
        summary.reasoning += str(delta.reasoning_content) ?? str(delta.reasoning) ?? '';
        if (Array.isArray(delta.tool_calls)) {
          for (const tool of delta.tool_calls) {
            if (!isObject(tool)) continue;
            const fn = isObject(tool.function) ? tool.function : {};
            call(`chat:${String(tool.index ?? 0)}`, { id: str(tool.id), name: str(fn.name) }).arguments += str(fn.arguments) ?? '';
          }
        }
      }
      continue;
    }
    const type = str(event.type);
    // Anthropic Messages
    if (type === 'content_block_start' && isObject(event.content_block) && event.content_block.type === 'tool_use') {
      call(`msg:${String(event.index)}`, { id: str(event.content_block.id), name: str(event.content_block.name) });
    } else if (type === 'content_block_delta' && isObject(event.delta)) {
      summary.text += str(event.delta.text) ?? '';
      summary.reasoning += str(event.delta.thinking) ?? '';
      if (event.delta.type === 'input_json_delta') call(`msg:${String(event.index)}`).arguments += str(event.delta.partial_json) ?? '';
    }
    // Responses
    else if (type === 'response.output_text.delta') summary.text += str(event.delta) ?? '';
    else if (type === 'response.reasoning_summary_text.delta' || type === 'response.reasoning_text.delta') summary.reasoning += str(event.delta) ?? '';
    else if (type === 'response.output_item.added' && isObject(event.item) && event.item.type === 'function_call') {
      call(`resp:${String(event.output_index)}`, { id: str(event.item.call_id), name: str(event.item.name) });
    } else if (type === 'response.function_call_arguments.delta') call(`resp:${String(event.output_index)}`).arguments += str(event.delta) ?? '';
    // AI SDK stream parts
    else if (type === 'text-delta') summary.text += str(event.delta) ?? '';
    else if (type === 'reasoning-delta') summary.reasoning += str(event.delta) ?? '';
    else if (type === 'tool-call') call(`sdk:${String(event.toolCallId)}`, { id: str(event.toolCallId), name: str(event.toolName) }).arguments = str(event.input) ?? JSON.stringify(event.input ?? null);
  }
  return summary;
}

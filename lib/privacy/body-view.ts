/**
 * A stored body as the generation page shows it: the conversation (role and text, tool calls
 * and tool results) and the answer (text, reasoning, tool calls), read from whichever client
 * format the call used. Anything it does not recognise is still in the raw JSON beside it.
 */
export type ViewToolCall = { id?: string; name: string; arguments: string };
export type ViewMessage = { role: string; text: string; toolCalls: ViewToolCall[] };
export type BodyView = { messages: ViewMessage[]; output: { text: string; reasoning: string; toolCalls: ViewToolCall[] } | null };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const asText = (value: unknown) => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value));

function parse(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toolCall(part: Json): ViewToolCall | undefined {
  if (part.type === 'tool_use') return { id: str(part.id), name: asText(part.name), arguments: asText(part.input) };
  if (part.type === 'tool-call') return { id: str(part.toolCallId), name: asText(part.toolName), arguments: asText(part.input) };
  if (part.type === 'function_call') return { id: str(part.call_id), name: asText(part.name), arguments: asText(part.arguments) };
  return undefined;
}

/** Text and tool calls of one message's content, in any of the formats. */
function readContent(content: unknown): { text: string; toolCalls: ViewToolCall[] } {
  if (typeof content === 'string') return { text: content, toolCalls: [] };
  const texts: string[] = [];
  const toolCalls: ViewToolCall[] = [];
  for (const part of Array.isArray(content) ? content : []) {
    if (typeof part === 'string') texts.push(part);
    if (!isObject(part)) continue;
    const call = toolCall(part);
    if (call) toolCalls.push(call);
    else if (typeof part.text === 'string') texts.push(part.text);
    else if (part.type === 'tool_result' || part.type === 'tool-result') texts.push(`[tool result] ${readContent(part.content ?? part.output).text || asText(part.output)}`);
    else if (typeof part.type === 'string' && part.type !== 'reasoning') texts.push(`[${part.type}]`);
  }
  return { text: texts.join('\n'), toolCalls };
}

function chatToolCalls(value: unknown): ViewToolCall[] {
  return (Array.isArray(value) ? value : []).filter(isObject).map((call) => {
    const fn = isObject(call.function) ? call.function : {};
    return { id: str(call.id), name: asText(fn.name), arguments: asText(fn.arguments) };
  });
}

function readMessages(request: unknown): ViewMessage[] {
  if (!isObject(request)) return [];
  const messages: ViewMessage[] = [];
  const system = request.system ?? request.instructions;
  if (system !== undefined) messages.push({ role: 'system', ...readContent(system) });
  const list = request.messages ?? request.prompt ?? request.input;
  if (typeof list === 'string') messages.push({ role: 'user', text: list, toolCalls: [] });
  for (const item of Array.isArray(list) ? list : []) {
    if (!isObject(item)) continue;
    const call = toolCall(item);
    if (call) {
      messages.push({ role: 'assistant', text: '', toolCalls: [call] });
      continue;
    }
    if (item.type === 'function_call_output') {
      messages.push({ role: 'tool', text: asText(item.output), toolCalls: [] });
      continue;
    }
    const content = readContent(item.content);
    messages.push({ role: asText(item.role ?? item.type), text: content.text, toolCalls: [...content.toolCalls, ...chatToolCalls(item.tool_calls)] });
  }
  return messages;
}

function readOutput(response: unknown): BodyView['output'] {
  if (!isObject(response)) return null;
  if (response.stream === true) {
    return { text: asText(response.text), reasoning: asText(response.reasoning), toolCalls: (Array.isArray(response.toolCalls) ? response.toolCalls : []).filter(isObject).map((call) => ({ id: str(call.id), name: asText(call.name), arguments: asText(call.arguments) })) };
  }
  if (Array.isArray(response.choices)) {
    const message = isObject(response.choices[0]) && isObject(response.choices[0].message) ? response.choices[0].message : {};
    return { text: asText(message.content ?? ''), reasoning: asText(message.reasoning_content ?? message.reasoning ?? ''), toolCalls: chatToolCalls(message.tool_calls) };
  }
  const parts = Array.isArray(response.content) ? response.content : Array.isArray(response.output) ? response.output : undefined;
  if (!parts) return null;
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: ViewToolCall[] = [];
  for (const part of parts) {
    if (!isObject(part)) continue;
    const call = toolCall(part);
    if (call) toolCalls.push(call);
    else if (part.type === 'thinking') reasoning.push(asText(part.thinking));
    else if (part.type === 'reasoning') reasoning.push(typeof part.text === 'string' ? part.text : readContent(part.summary).text);
    else if (part.type === 'message') texts.push(readContent(part.content).text);
    else if (typeof part.text === 'string') texts.push(part.text);
  }
  return { text: texts.join('\n'), reasoning: reasoning.join('\n'), toolCalls };
}

export function toBodyView(request: string, response: string | null): BodyView {
  return { messages: readMessages(parse(request)), output: readOutput(parse(response)) };
}

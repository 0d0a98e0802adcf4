// Extract the text of the conversation's last user turn, per wire format, for in-band directives.
// A tool result after (or inside) that turn means "the conversation continues after a tool call",
// so directives from earlier turns are NOT re-applied: a `[[tool:...]]` prompt yields a tool call
// once and a plain text reply on the follow-up request that carries the tool result.

const textOfParts = (parts: unknown, textTypes: string[]): string => {
  if (typeof parts === 'string') return parts;
  if (!Array.isArray(parts)) return '';
  return parts
    .filter((p: any) => p && typeof p === 'object' && textTypes.includes(p.type) && typeof p.text === 'string')
    .map((p: any) => p.text as string)
    .join('\n');
};

/** OpenAI Chat Completions `messages`. */
export function chatLastUserText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const role = messages[i]?.role;
    if (role === 'tool' || role === 'function') return '';
    if (role === 'user') return textOfParts(messages[i].content, ['text']);
  }
  return '';
}

/** OpenAI Responses `input` (string or item list). */
export function responsesLastUserText(body: any): string {
  const input = body?.input;
  if (typeof input === 'string') return input;
  const items: any[] = Array.isArray(input) ? input : [];
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (typeof item?.type === 'string' && item.type.endsWith('_output')) return '';
    if (item?.role === 'user') return textOfParts(item.content, ['input_text', 'text']);
  }
  return '';
}

/** Anthropic Messages `messages` (tool results live inside user turns as `tool_result` blocks). */
export function anthropicLastUserText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') return textOfParts(messages[i].content, ['text']);
  }
  return '';
}

/** Gemini `contents` (role defaults to user; function responses live inside user turns). */
export function geminiLastUserText(body: any): string {
  const contents: any[] = Array.isArray(body?.contents) ? body.contents : [];
  for (let i = contents.length - 1; i >= 0; i--) {
    const c = contents[i];
    if (c?.role === undefined || c.role === 'user') {
      const parts: any[] = Array.isArray(c?.parts) ? c.parts : [];
      return parts
        .filter((p) => typeof p?.text === 'string' && p.thought !== true)
        .map((p) => p.text as string)
        .join('\n');
    }
  }
  return '';
}

/** Embeddings `input`: the last string input. */
export function embeddingsLastText(body: any): string {
  const input = body?.input;
  if (typeof input === 'string') return input;
  if (Array.isArray(input)) {
    const last = input[input.length - 1];
    if (typeof last === 'string') return last;
  }
  return '';
}

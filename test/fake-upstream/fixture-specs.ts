// The fixture catalogue: which request (and queued behavior) produces each test/fixtures/*.sse file.
// Shared by record-fixtures.ts (writes the files) and fake-upstream.test.ts (checks they don't drift).
import type { FakeBehavior, FakeUpstream } from './index';

const TOOL: FakeBehavior = {
  kind: 'reply',
  toolCall: { name: 'get_weather', arguments: { city: 'Oslo', unit: 'celsius' } },
  usage: { input: 50, output: 20, cached: 16, reasoning: 4 },
};
const TEXT_NOTE = 'default reply: text "Hello from fake!" (pieces "Hello", " from", " fake!"), usage input 12 / output 7 / cached 0 / reasoning 0';
const TOOL_NOTE =
  'tool call only: get_weather {"city":"Oslo","unit":"celsius"} (arguments in 8-char fragments), usage input 50 / output 20 / cached 16 / reasoning 4';

export type Fixture = { file: string; path: string; body: unknown; behavior?: FakeBehavior; note: string };

const chatBody = { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }] };
const responsesBody = { model: 'gpt-4o-mini', stream: true, input: 'Hi' };
const anthropicBody = { model: 'claude-sonnet-4-5', max_tokens: 1024, stream: true, messages: [{ role: 'user', content: 'Hi' }] };
const geminiBody = { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] };
const geminiPath = '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse';

export const FIXTURES: Fixture[] = [
  { file: 'openai-chat-text.sse', path: '/v1/chat/completions', body: chatBody, note: `${TEXT_NOTE}; stream_options.include_usage=true` },
  { file: 'openai-chat-tool.sse', path: '/v1/chat/completions', body: chatBody, behavior: TOOL, note: `${TOOL_NOTE}; include_usage=true` },
  { file: 'openai-responses-text.sse', path: '/v1/responses', body: responsesBody, note: TEXT_NOTE },
  { file: 'openai-responses-tool.sse', path: '/v1/responses', body: responsesBody, behavior: TOOL, note: TOOL_NOTE },
  {
    file: 'anthropic-text.sse',
    path: '/v1/messages',
    body: anthropicBody,
    note: `${TEXT_NOTE} (Anthropic input_tokens = input - cached)`,
  },
  { file: 'anthropic-tool.sse', path: '/v1/messages', body: anthropicBody, behavior: TOOL, note: `${TOOL_NOTE} (input_tokens 34 + cache_read 16)` },
  { file: 'gemini-text.sse', path: geminiPath, body: geminiBody, note: `${TEXT_NOTE}; CRLF-framed SSE` },
  {
    file: 'gemini-tool.sse',
    path: geminiPath,
    body: geminiBody,
    behavior: TOOL,
    note: `${TOOL_NOTE} (candidatesTokenCount 16 + thoughtsTokenCount 4); CRLF-framed SSE`,
  },
];

/** Replay one fixture's request against `upstream` (after reset()) and return the raw response body. */
export async function recordFixture(upstream: FakeUpstream, f: Fixture): Promise<Buffer> {
  upstream.reset();
  if (f.behavior) upstream.enqueue(f.behavior);
  const res = await fetch(`${upstream.url}${f.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(f.path === '/v1/messages' ? { 'anthropic-version': '2023-06-01' } : {}) },
    body: JSON.stringify(f.body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`${f.file}: HTTP ${res.status} ${bytes.toString('utf8')}`);
  return bytes;
}

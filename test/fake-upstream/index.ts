/**
 * Fake upstream LLM providers for integration tests and benchmarks.
 *
 * One node:http server on 127.0.0.1 speaks every provider's wire format, chosen by path:
 *   POST /v1/chat/completions                         OpenAI Chat Completions (JSON / SSE)
 *   POST /v1/responses                                OpenAI Responses (JSON / SSE with `event:` lines)
 *   POST /v1/embeddings                               OpenAI Embeddings
 *   GET  /v1/models, GET /v1/models/{id}              OpenAI model list (Anthropic shape if `anthropic-version` is sent)
 *   POST /v1/messages                                 Anthropic Messages (JSON / SSE with `event:` lines)
 *   POST /v1beta/models/{model}:generateContent       Gemini (JSON)
 *   POST /v1beta/models/{model}:streamGenerateContent Gemini (`?alt=sse`: SSE with CRLF framing; otherwise a JSON array)
 *   GET  /v1beta/models                               Gemini model list
 * Anything else: 404 in the envelope of the provider the path belongs to (/v1beta/* Gemini;
 * /v1/messages* or an `anthropic-version` header Anthropic; otherwise OpenAI). A body that is not
 * a JSON object, or misses a required field (e.g. Anthropic `max_tokens`, Gemini `contents`): 400.
 *
 * Usage from a test:
 *   const up = await startFakeUpstream({ name: 'openai-a' });
 *   new OpenAI({ baseURL: `${up.url}/v1`, apiKey: 'x' });      new Anthropic({ baseURL: up.url, apiKey: 'x' });
 *   up.enqueue({ kind: 'error', status: 429 }, { kind: 'reply', text: 'ok' });
 *   ... up.calls ...; up.reset(); await up.close();
 *
 * ── Deterministic defaults (tests assert exact costs on these) ──────────────────────────────
 *  - Reply text: `Hello from <name>!` (name defaults to 'fake'), streamed in word-sized pieces
 *    that keep their leading whitespace: "Hello", " from", " fake!".
 *  - Usage: input 12, output 7, cached 0, reasoning 0 (unless the behavior/directive sets usage).
 *    `input` INCLUDES `cached`; `output` INCLUDES `reasoning`. Mapped per provider so that every
 *    format normalises to the same numbers:
 *      Chat:      prompt_tokens=input, prompt_tokens_details.cached_tokens=cached,
 *                 completion_tokens=output, completion_tokens_details.reasoning_tokens=reasoning,
 *                 total_tokens=input+output
 *      Responses: input_tokens=input, input_tokens_details.cached_tokens=cached, output_tokens=output,
 *                 output_tokens_details.reasoning_tokens=reasoning, total_tokens=input+output
 *      Anthropic: input_tokens=input-cached, cache_read_input_tokens=cached,
 *                 cache_creation_input_tokens=0, output_tokens=output,
 *                 output_tokens_details.thinking_tokens=reasoning. In streams, message_start carries
 *                 the input side and output_tokens=min(1,output); message_delta carries the final totals.
 *      Gemini:    promptTokenCount=input, cachedContentTokenCount=cached, candidatesTokenCount=
 *                 output-reasoning, thoughtsTokenCount=reasoning, totalTokenCount=input+output
 *                 (cached/thoughts omitted when 0; usageMetadata only on the final stream chunk).
 *      Embeddings: usage.prompt_tokens = total_tokens = input (12 by default), whatever the input.
 *  - Max output tokens: if the request sets a limit (Chat max_completion_tokens ?? max_tokens,
 *    Responses max_output_tokens, Anthropic max_tokens, Gemini generationConfig.maxOutputTokens)
 *    and limit < usage.output, the reply is truncated: output = limit (reasoning capped at it),
 *    text = first `limit` word pieces, no tool call; finish = Chat `length`, Anthropic
 *    `max_tokens`, Gemini `MAX_TOKENS`, Responses status `incomplete` /
 *    incomplete_details.reason `max_output_tokens` (event `response.incomplete`).
 *  - Finish otherwise: Chat `stop`/`tool_calls`, Anthropic `end_turn`/`tool_use`, Gemini `STOP`,
 *    Responses `completed`.
 *  - The reply's model field echoes the requested model id (Gemini: `modelVersion` = path model).
 *  - Ids derive from the request's 1-based index in `calls` (restarting after reset()), e.g. for
 *    the 3rd call: chatcmpl-fake000003, call_fake000003, resp_fake000003, msg_fake000003,
 *    fc_fake000003, toolu_fake000003, Gemini responseId fake000003, request id req_fake000003
 *    (`x-request-id` for OpenAI, `request-id` for Anthropic). Every `created`/`created_at` is
 *    FAKE_CREATED = 1767225600 (2026-01-01T00:00:00Z).
 *  - Tool-call arguments are JSON.stringify(arguments), streamed in fragments of 8 characters
 *    (Anthropic also sends a leading empty `partial_json`). When a reply has both, text comes first.
 *  - Embeddings: deterministic unit vectors (see fakeEmbedding) of dimension `dimensions` or 8;
 *    `encoding_format: 'base64'` (the openai SDK default) returns little-endian float32 base64.
 *  - Chunk delay 0 unless `chunkDelayMs` (applied between SSE events).
 *
 * ── Behaviors (per request; precedence: queue > in-band directive > setDefault > built-in) ──
 *  - Queued behaviors are consumed one per model request (chat, responses, embeddings, messages,
 *    gemini). Listings, 404s and 400s consume nothing. Every request is still recorded in `calls`
 *    (headers lower-cased, body parsed JSON; raw text if unparsable; null if empty; `path` is the
 *    raw request target including any query string, e.g. `...:streamGenerateContent?alt=sse`)
 *    BEFORE any behavior runs.
 *  - error: HTTP `status` with the provider's error envelope (OpenAI {error:{message,type,param,code}};
 *    Anthropic {type:'error',error:{type,message},request_id}; Gemini {error:{code,message,status}}).
 *    `type` overrides error.type (Gemini: error.status). 429 also sends `retry-after: 1`.
 *    Errors are always sent as HTTP errors, also for `stream: true` requests.
 *  - stall: wait `ms` before sending headers, then do what the request would otherwise get
 *    (setDefault / built-in; a queued stall does not look at in-band directives).
 *  - cut: streaming: send `afterChunks` SSE events (capped at total-1 so the terminal event is
 *    never sent) then destroy the socket. Non-streaming: destroy the socket before any byte.
 *  - reply: text / toolCall / usage / chunkDelayMs. No text and no toolCall: default text.
 *    toolCall without text: tool call only.
 *  - Client aborts are honoured: stalls end and streams stop writing when the socket closes.
 *
 * ── In-band directives (only when the queue is empty) ──────────────────────────────────────
 * Looked up in the text of the LAST user turn (Chat user message, Responses user item or string
 * input, Anthropic user message text blocks, Gemini user content text parts, embeddings last
 * string input). If a tool result follows that turn (Chat role `tool`, Responses
 * `*_output` item) or the last user turn is a tool-result turn without text (Anthropic, Gemini),
 * there are no directives, so a tool loop gets one tool call and then a text answer.
 *   [[tool:NAME {json args}]]   reply with that tool call (args optional → {})
 *   [[error:STATUS]] / [[error:STATUS message]]
 *   [[stall:MS]]  [[cut:N]]  [[text:...]]  [[delay:MS]] (chunkDelayMs)
 *   [[usage:IN,OUT]] / [[usage:IN,OUT,CACHED,REASONING]]
 * Directives combine (e.g. text + stall + cut); error wins over reply fields; the first occurrence
 * of each kind counts. stall/cut alone modify whatever setDefault / the built-in reply would do.
 */
export { startFakeUpstream } from './server';
export type { FakeBehavior, FakeCall, FakeUpstream, FakeUsage, FakeToolCall } from './types';
export { DEFAULT_USAGE, defaultText, splitWords, ARG_FRAGMENT_CHARS } from './reply';
export { FAKE_CREATED, ids as fakeIds } from './ids';
export { fakeEmbedding, DEFAULT_EMBEDDING_DIMENSIONS } from './embeddings';
export { FAKE_MODEL_IDS } from './models';
export { FAKE_PNG_BASE64, FAKE_IMAGE_OUTPUT_TOKENS, FAKE_SPEECH_BYTES_PER_CHAR, FAKE_AUDIO_BYTES_PER_SECOND, fakeAudio, type RecordedForm } from './media';

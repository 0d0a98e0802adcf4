// Public and internal types of the fake upstream. See index.ts for the documented contract.

export type FakeCall = {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: any;
  at: number;
};

/** `cacheWrite`: Anthropic only (`cache_creation_input_tokens`), part of `input` like `cached`. */
export type FakeUsage = { input: number; output: number; cached?: number; reasoning?: number; cacheWrite?: number };

export type FakeToolCall = { name: string; arguments: Record<string, unknown> };

export type FakeBehavior =
  | { kind: 'error'; status: number; message?: string; type?: string }
  | { kind: 'stall'; ms: number }
  | { kind: 'cut'; afterChunks: number }
  | { kind: 'reply'; text?: string; toolCall?: FakeToolCall; usage?: FakeUsage; chunkDelayMs?: number };

export type FakeUpstream = {
  url: string;
  calls: FakeCall[];
  enqueue(...b: FakeBehavior[]): void;
  setDefault(b: FakeBehavior): void;
  reset(): void;
  close(): Promise<void>;
};

export type StartOptions = {
  port?: number;
  name?: string;
  /** How long an idle keep-alive connection stays open (Node's default, 5 s, when unset). */
  keepAliveTimeoutMs?: number;
};

export type Provider = 'openai' | 'anthropic' | 'gemini';

/** Usage with every field resolved. Semantics: `input` includes `cached`, `output` includes `reasoning`. */
export type FullUsage = { input: number; output: number; cached: number; reasoning: number; cacheWrite?: number };

export type ErrorOutcome = { kind: 'error'; status: number; message?: string; type?: string };

export type ReplySpec = { text?: string; toolCall?: FakeToolCall; usage?: FakeUsage; chunkDelayMs?: number };

/** What the server will do for one request, after consulting queue, directives and default. */
export type Plan = {
  stallMs: number;
  cutAfter: number | null;
  outcome: ErrorOutcome | { kind: 'reply'; reply: ReplySpec };
};

export type FinishKind = 'stop' | 'tool' | 'length';

/** A reply ready to be rendered in any wire format. */
export type FinalReply = {
  /** null: no text block/part at all. */
  text: string | null;
  /** `text` split into word-sized streaming pieces (leading whitespace kept on each piece). */
  pieces: string[];
  toolCall: { name: string; arguments: Record<string, unknown>; json: string; fragments: string[] } | null;
  finish: FinishKind;
  usage: FullUsage;
  chunkDelayMs: number;
};

/** Deterministic per-request context handed to renderers. */
export type RenderContext = {
  /** 1-based index of this request in `calls` (restarts after reset()). */
  seq: number;
  name: string;
  model: string;
};

/** A parsed request to a model endpoint, able to render a reply in its own wire format. */
export type Generation = {
  provider: Provider;
  model: string;
  stream: boolean;
  /** Max output tokens requested (see reply.ts for the "length" rule), null if unset. */
  limit: number | null;
  /** Text of the last user turn, scanned for in-band directives. */
  userText: string;
  json(reply: FinalReply, ctx: RenderContext): unknown;
  /** Complete SSE body, one string per event/chunk. Only called when `stream` is true. */
  frames(reply: FinalReply, ctx: RenderContext): string[];
};

/** A request that fails validation: answered with 400 in the provider's envelope. */
export type Invalid = { invalid: string };

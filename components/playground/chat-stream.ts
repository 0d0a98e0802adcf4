import { createParser } from 'eventsource-parser';

/**
 * The playground's one gateway call: POST /v1/chat/completions with `stream: true`, read as
 * server-sent events. It goes through the public gateway like any client's call, so it is
 * routed, priced, debited and logged exactly the same way.
 */
export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

export type ChatOptions = {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  reasoningEffort?: string;
};

/** A failure a person can act on: the HTTP status and the gateway's error envelope. */
export type GatewayFailure = { status: number; code: string | null; message: string };

export type StreamUsage = { inputTokens: number; outputTokens: number; reasoningTokens: number };

export type StreamOutcome = {
  status: 'done' | 'stopped' | 'error';
  generationId: string | null;
  provider: string | null;
  servedModel: string | null;
  ttftMs: number | null;
  totalMs: number;
  usage: StreamUsage | null;
  finishReason: string | null;
  error: GatewayFailure | null;
};

export type StreamCallbacks = {
  /** The response headers arrived: the call was admitted and a provider is answering. */
  onStart?(info: { generationId: string | null; provider: string | null; servedModel: string | null }): void;
  onText?(delta: string): void;
  onReasoning?(delta: string): void;
};

type Chunk = {
  choices?: Array<{ delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number; completion_tokens_details?: { reasoning_tokens?: number } } | null;
  error?: { message?: string; code?: string | null; type?: string };
};

/** The request body, also what "Get code" shows. */
export function chatRequestBody(model: string, messages: ChatMessage[], options: ChatOptions): Record<string, unknown> {
  return {
    model,
    messages,
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
    ...(options.topP !== undefined ? { top_p: options.topP } : {}),
    ...(options.reasoningEffort ? { reasoning_effort: options.reasoningEffort } : {}),
  };
}

/** The gateway's `{ error: { message, code } }`, or something readable when the body is not one. */
export async function readFailure(response: Response): Promise<GatewayFailure> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { message?: string; code?: string | null } };
    if (body.error?.message) return { status: response.status, code: body.error.code ?? null, message: body.error.message };
  } catch {
    // not JSON: a proxy's error page, say
  }
  return { status: response.status, code: null, message: `Gatehouse answered ${response.status} ${response.statusText}`.trim() };
}

export async function streamChat(input: {
  token: string;
  model: string;
  messages: ChatMessage[];
  options: ChatOptions;
  signal: AbortSignal;
  callbacks?: StreamCallbacks;
  fetchImpl?: typeof fetch;
}): Promise<StreamOutcome> {
  const { callbacks = {} } = input;
  const startedAt = performance.now();
  const outcome: StreamOutcome = { status: 'done', generationId: null, provider: null, servedModel: null, ttftMs: null, totalMs: 0, usage: null, finishReason: null, error: null };
  const finish = (status: StreamOutcome['status'], error: GatewayFailure | null = null) => {
    outcome.status = status;
    outcome.error = error;
    outcome.totalMs = Math.round(performance.now() - startedAt);
    return outcome;
  };

  let response: Response;
  try {
    response = await (input.fetchImpl ?? fetch)('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${input.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...chatRequestBody(input.model, input.messages, input.options), stream: true, stream_options: { include_usage: true } }),
      signal: input.signal,
    });
  } catch (error) {
    if (input.signal.aborted) return finish('stopped');
    return finish('error', { status: 0, code: 'network', message: `Could not reach Gatehouse: ${(error as Error).message}` });
  }
  outcome.generationId = response.headers.get('x-generation-id');
  outcome.provider = response.headers.get('x-gatehouse-provider');
  outcome.servedModel = response.headers.get('x-gatehouse-model');
  if (!response.ok || !response.body) return finish('error', await readFailure(response));
  callbacks.onStart?.({ generationId: outcome.generationId, provider: outcome.provider, servedModel: outcome.servedModel });

  let streamError: GatewayFailure | null = null;
  const markFirstToken = () => {
    outcome.ttftMs ??= Math.round(performance.now() - startedAt);
  };
  const parser = createParser({
    onEvent(event) {
      if (event.data === '[DONE]') return;
      let chunk: Chunk;
      try {
        chunk = JSON.parse(event.data) as Chunk;
      } catch {
        return;
      }
      if (chunk.error) {
        streamError = { status: 502, code: chunk.error.code ?? null, message: chunk.error.message ?? 'The provider failed mid-answer.' };
        return;
      }
      for (const choice of chunk.choices ?? []) {
        const reasoning = choice.delta?.reasoning_content ?? choice.delta?.reasoning;
        if (reasoning) {
          markFirstToken();
          callbacks.onReasoning?.(reasoning);
        }
        if (choice.delta?.content) {
          markFirstToken();
          callbacks.onText?.(choice.delta.content);
        }
        if (choice.finish_reason) outcome.finishReason = choice.finish_reason;
      }
      if (chunk.usage) {
        outcome.usage = {
          inputTokens: chunk.usage.prompt_tokens ?? 0,
          outputTokens: chunk.usage.completion_tokens ?? 0,
          reasoningTokens: chunk.usage.completion_tokens_details?.reasoning_tokens ?? 0,
        };
      }
    },
  });

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(value);
    }
  } catch (error) {
    if (input.signal.aborted) return finish('stopped');
    return finish('error', { status: 0, code: 'network', message: `The stream broke off: ${(error as Error).message}` });
  }
  if (streamError) return finish('error', streamError);
  return finish('done');
}

/** What the gateway recorded for a generation (GET /v1/generation): the authoritative cost. */
export type GenerationRecord = {
  totalCost: number;
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  usageEstimated: boolean;
  provider: string;
  status: string;
};

/**
 * The generation's record. Usage rows are written in batches (and an aborted stream only
 * once the gateway has noticed), so a missing record is retried for a few seconds.
 */
export async function fetchGeneration(input: { token: () => Promise<string>; id: string; signal?: AbortSignal; attempts?: number; fetchImpl?: typeof fetch }): Promise<GenerationRecord | null> {
  const attempts = input.attempts ?? 12;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const response = await (input.fetchImpl ?? fetch)(`/v1/generation?id=${encodeURIComponent(input.id)}`, {
      headers: { authorization: `Bearer ${await input.token()}` },
      signal: input.signal,
    });
    if (response.ok) {
      const { data } = (await response.json()) as {
        data: { total_cost: number; native_tokens_prompt: number; native_tokens_completion: number; native_tokens_reasoning: number; usage_estimated: boolean; provider_name: string; status: string };
      };
      return {
        totalCost: data.total_cost,
        inputTokens: data.native_tokens_prompt,
        outputTokens: data.native_tokens_completion,
        reasoningTokens: data.native_tokens_reasoning,
        usageEstimated: data.usage_estimated,
        provider: data.provider_name,
        status: data.status,
      };
    }
    if (response.status !== 404) return null;
    await new Promise((resolve) => setTimeout(resolve, 250 + attempt * 100));
  }
  return null;
}

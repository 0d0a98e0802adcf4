import type { FinishReason, ResponseIdentity, Usage } from '../../gateway/types';
import type { ResponsesRequest } from './schema';
import { toResponsesUsage } from './usage';

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';
export type IncompleteDetails = { reason: 'max_output_tokens' | 'content_filter' } | null;

export type OutputText = { type: 'output_text'; text: string; annotations: never[] };
export type MessageItem = { type: 'message'; id: string; role: 'assistant'; status: 'in_progress' | 'completed' | 'incomplete'; content: OutputText[] };
export type FunctionCallItem = { type: 'function_call'; id: string; call_id: string; name: string; arguments: string; status: 'in_progress' | 'completed' | 'incomplete' };
export type ReasoningItem = { type: 'reasoning'; id: string; summary: Array<{ type: 'summary_text'; text: string }> };
export type OutputItem = MessageItem | FunctionCallItem | ReasoningItem;

/** Request settings a Response object echoes back; defaults when the request is not at hand. */
export type ResponseSettings = {
  instructions: string | null;
  max_output_tokens: number | null;
  metadata: Record<string, string>;
  parallel_tool_calls: boolean;
  reasoning: { effort: string | null; summary: string | null };
  temperature: number | null;
  text: unknown;
  tool_choice: unknown;
  tools: unknown[];
  top_p: number | null;
  user?: string;
};

export function responseSettings(request: ResponsesRequest | undefined): ResponseSettings {
  return {
    instructions: request?.instructions ?? null,
    max_output_tokens: request?.max_output_tokens ?? null,
    metadata: request?.metadata ?? {},
    parallel_tool_calls: request?.parallel_tool_calls ?? true,
    reasoning: { effort: request?.reasoning?.effort ?? null, summary: (request?.reasoning?.summary as string | undefined) ?? null },
    temperature: request?.temperature ?? null,
    text: request?.text ?? { format: { type: 'text' } },
    tool_choice: request?.tool_choice ?? 'auto',
    tools: request?.tools ?? [],
    top_p: request?.top_p ?? null,
    ...(request?.user ? { user: request.user } : {}),
  };
}

/** Length and content filtering end a response as `incomplete`; everything else `completed`. */
export function terminalState(reason: FinishReason | undefined): { status: 'completed' | 'incomplete'; incompleteDetails: IncompleteDetails } {
  if (reason === 'length') return { status: 'incomplete', incompleteDetails: { reason: 'max_output_tokens' } };
  if (reason === 'content-filter') return { status: 'incomplete', incompleteDetails: { reason: 'content_filter' } };
  return { status: 'completed', incompleteDetails: null };
}

/** The finish reason Gatehouse records for a Responses call: the status, or why it is incomplete. */
export function finishLabel(status: string | undefined, incompleteDetails: { reason?: string } | null | undefined): string | undefined {
  if (status === 'incomplete') return incompleteDetails?.reason ?? 'incomplete';
  return status;
}

/** Output item ids derived from the generation id: unique within the response, stable for tests. */
export function itemIdFactory(identity: ResponseIdentity) {
  const suffix = identity.generationId.replace(/^gen_/, '');
  let count = 0;
  return (prefix: 'msg' | 'fc' | 'rs') => `${prefix}_${suffix}_${count++}`;
}

export function responseObject(options: {
  identity: ResponseIdentity;
  settings: ResponseSettings;
  status: ResponseStatus;
  output: OutputItem[];
  usage: Usage | undefined;
  incompleteDetails?: IncompleteDetails;
  error?: { code: string; message: string } | null;
}) {
  const { identity, settings, status } = options;
  return {
    id: identity.generationId,
    object: 'response',
    created_at: identity.created,
    status,
    background: false,
    completed_at: status === 'completed' ? Math.floor(Date.now() / 1000) : null,
    error: options.error ?? null,
    incomplete_details: options.incompleteDetails ?? null,
    model: identity.model,
    output: options.output,
    previous_response_id: null,
    service_tier: 'default',
    store: false,
    truncation: 'disabled',
    usage: options.usage ? toResponsesUsage(options.usage) : null,
    ...settings,
  };
}

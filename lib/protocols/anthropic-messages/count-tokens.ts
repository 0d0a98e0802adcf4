import { GatewayError } from '../../gateway/errors';
import { estimateTokensOf } from '../shared/estimate-tokens';
import { anthropicMessages } from './index';

/**
 * The members of a Messages request that `POST /v1/messages/count_tokens` takes
 * (`@anthropic-ai/sdk`'s `MessageCountTokensParams`); everything else (max_tokens, stream,
 * sampling, metadata, providerOptions) is dropped before forwarding, because Anthropic refuses
 * extra inputs.
 */
const counted = ['messages', 'system', 'tools', 'tool_choice', 'thinking', 'mcp_servers', 'context_management', 'output_config', 'output_format'] as const;

export type CountTokensRequest = {
  model: string;
  options: ReturnType<typeof anthropicMessages.parse>['options'];
  /** The body for Anthropic, model id still to be set. */
  upstreamBody: Record<string, unknown>;
  /** What Gatehouse answers when no Anthropic upstream counts: ~4 characters a token over what is counted. */
  estimate: number;
};

/** Parses a count_tokens body with the Messages door's own schema (max_tokens not required here). */
export function parseCountTokens(body: unknown): CountTokensRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new GatewayError('invalid_request', 'Invalid request: the body must be a JSON object');
  const source = body as Record<string, unknown>;
  // The schema wants max_tokens; count_tokens has none, so a placeholder satisfies it.
  const parsed = anthropicMessages.parse({ ...source, max_tokens: 1, stream: false }, { get: () => null });
  const upstreamBody: Record<string, unknown> = {};
  for (const key of counted) if (source[key] !== undefined) upstreamBody[key] = source[key];
  return { model: parsed.model, options: parsed.options, upstreamBody, estimate: estimateTokensOf([source.system ?? '', source.messages, source.tools ?? null]) };
}

import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway/errors';
import { anthropicErrorBody } from './errors';
import { serializeMessagesResult } from './serialize-result';

const identity = { generationId: 'gen_01TEST', model: 'google/gemini-2.5-flash', created: 1767225600 };

describe('serializeMessagesResult', () => {
  it('builds an Anthropic message: merged text, thinking and tool_use blocks, input_tokens without cached ones', () => {
    const message = serializeMessagesResult(
      {
        content: [
          { type: 'reasoning', text: 'Think.', providerMetadata: { anthropic: { signature: 'sig' } } },
          { type: 'text', text: 'It is ' },
          { type: 'text', text: '4°C.' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: '{"city":"Bergen"}' },
        ],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage: { inputTokens: { total: 533, noCache: 21, cacheRead: 512, cacheWrite: 0 }, outputTokens: { total: 60, text: 30, reasoning: 30 } },
        warnings: [],
      },
      identity,
    );
    expect(message).toEqual({
      id: 'gen_01TEST',
      type: 'message',
      role: 'assistant',
      model: 'google/gemini-2.5-flash',
      content: [
        { type: 'thinking', thinking: 'Think.', signature: 'sig' },
        { type: 'text', text: 'It is 4°C.', citations: null },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Bergen' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 21, output_tokens: 60, cache_creation_input_tokens: 0, cache_read_input_tokens: 512 },
    });
  });

  it('maps a length finish to max_tokens', () => {
    const message = serializeMessagesResult(
      {
        content: [{ type: 'text', text: 'Hel' }],
        finishReason: { unified: 'length', raw: 'length' },
        usage: { inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } },
        warnings: [],
      },
      identity,
    );
    expect(message.stop_reason).toBe('max_tokens');
  });
});

describe('anthropicErrorBody', () => {
  it.each([
    [new GatewayError('invalid_request', 'bad'), 'invalid_request_error'],
    [new GatewayError('unauthorized', 'who'), 'authentication_error'],
    [new GatewayError('insufficient_credits', 'broke'), 'billing_error'],
    [new GatewayError('forbidden', 'no'), 'permission_error'],
    [new GatewayError('model_not_found', 'gone'), 'not_found_error'],
    [new GatewayError('invalid_request', 'big', { status: 413 }), 'request_too_large'],
    [new GatewayError('rate_limited', 'slow'), 'rate_limit_error'],
    [new GatewayError('internal', 'oops'), 'api_error'],
    [new GatewayError('upstream_error', 'bad gateway'), 'api_error'],
    [new GatewayError('upstream_unavailable', 'down'), 'overloaded_error'],
    [new GatewayError('upstream_error', 'busy', { status: 529 }), 'overloaded_error'],
    [new GatewayError('upstream_timeout', 'slow'), 'timeout_error'],
  ])('%s → %s', (error, type) => {
    expect(anthropicErrorBody(error)).toEqual({ type: 'error', error: { type, message: error.message } });
  });
});

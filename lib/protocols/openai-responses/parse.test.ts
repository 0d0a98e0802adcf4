import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway/errors';
import { openAIResponses } from '.';

function parseError(body: unknown): GatewayError {
  try {
    openAIResponses.parse(body, new Headers());
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the request to be rejected');
}

describe('openAIResponses.parse', () => {
  it('reads model, stream and the end user, and keeps the body for pass-through', () => {
    const body = { model: 'openai/gpt-4o', input: 'Hi', stream: true, safety_identifier: 'alice', providerOptions: { gateway: { order: ['openai'] } } };
    const parsed = openAIResponses.parse(body, new Headers());
    expect(parsed).toMatchObject({ model: 'openai/gpt-4o', stream: true, options: { order: ['openai'], user: 'alice' }, body });
    expect(parsed.estimatedInputTokens).toBeGreaterThan(0);
  });

  it('prefers the gateway user over safety_identifier over user', () => {
    expect(openAIResponses.parse({ model: 'm', input: 'x', user: 'u' }, new Headers()).options.user).toBe('u');
    expect(openAIResponses.parse({ model: 'm', input: 'x', user: 'u', safety_identifier: 's' }, new Headers()).options.user).toBe('s');
    expect(openAIResponses.parse({ model: 'm', input: 'x', safety_identifier: 's', providerOptions: { gateway: { user: 'g' } } }, new Headers()).options.user).toBe('g');
  });

  it('rejects previous_response_id and conversation: Gatehouse stores no responses', () => {
    const error = parseError({ model: 'm', input: 'x', previous_response_id: 'resp_1' });
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', param: 'previous_response_id' });
    expect(error.message).toContain('stateless');
    expect(parseError({ model: 'm', input: 'x', conversation: 'conv_1' }).param).toBe('conversation');
  });

  it('accepts previous_response_id: null, as SDKs that echo defaults send it', () => {
    expect(openAIResponses.parse({ model: 'm', input: 'x', previous_response_id: null }, new Headers()).model).toBe('m');
  });

  it('rejects item references, typed or not', () => {
    expect(parseError({ model: 'm', input: [{ role: 'user', content: 'x' }, { type: 'item_reference', id: 'msg_1' }] }).param).toBe('input.1');
    expect(parseError({ model: 'm', input: [{ id: 'msg_1' }] }).param).toBe('input.0');
  });

  it('names the failing field of a malformed item', () => {
    expect(parseError({ model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }).param).toBe('input.0.call_id');
    expect(parseError({ model: 'm', input: [{ role: 'robot', content: 'x' }] }).param).toBe('input.0.role');
    expect(parseError({ model: 'm', input: 'x', tools: [{ type: 'function', name: 'bad name' }] }).param).toBe('tools.0.name');
    expect(parseError({ model: 'm' })).toMatchObject({ param: 'input' });
    expect(parseError({ input: 'x' })).toMatchObject({ param: 'model' });
  });

  it('accepts hosted tools and unknown item types, which only pass-through can serve', () => {
    const parsed = openAIResponses.parse({ model: 'm', input: [{ type: 'web_search_call', id: 'ws_1', status: 'completed' }], tools: [{ type: 'web_search' }], tool_choice: { type: 'web_search' } }, new Headers());
    expect(() => parsed.toCallOptions()).toThrow(expect.objectContaining({ status: 400, param: 'input.0.type' }));
  });
});

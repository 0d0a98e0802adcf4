import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { countCallBreakpoints, placeCallBreakpoints } from './anthropic-cache-breakpoints';

const cache = { anthropic: { cacheControl: { type: 'ephemeral' } } };
const text = (value: string) => ({ type: 'text' as const, text: value });

const call = (): LanguageModelV4CallOptions => ({
  prompt: [
    { role: 'system', content: 'Be terse.' },
    { role: 'user', content: [text('First')] },
    { role: 'assistant', content: [{ type: 'reasoning', text: 'hmm' }, text('Answer'), { type: 'reasoning', text: 'done' }] },
    { role: 'user', content: [text('Second'), text('')] },
  ],
  tools: [
    { type: 'function', name: 'a', inputSchema: { type: 'object' } },
    { type: 'function', name: 'b', inputSchema: { type: 'object' } },
    { type: 'provider', id: 'anthropic.web_search_20250305', name: 'web_search', args: {} },
  ],
});

describe('placeCallBreakpoints', () => {
  it('marks the last function tool, the system message, the previous user turn and the newest message', () => {
    const original = call();
    const { options, placed } = placeCallBreakpoints(original);
    expect(placed).toBe(4);
    expect(options.tools!.map((tool) => ('providerOptions' in tool ? tool.providerOptions : undefined))).toEqual([undefined, cache, undefined]);
    expect(options.prompt[0]).toEqual({ role: 'system', content: 'Be terse.', providerOptions: cache });
    expect(options.prompt[1]!.content).toEqual([{ ...text('First'), providerOptions: cache }]);
    expect(options.prompt[2]).toBe(original.prompt[2]);
    // Empty text cannot carry a breakpoint: the last non-empty part gets it.
    expect(options.prompt[3]!.content).toEqual([{ ...text('Second'), providerOptions: cache }, text('')]);
    expect(original).toEqual(call());
  });

  it('counts the caller breakpoints against the limit and does not move them', () => {
    const base = call();
    const withClient: LanguageModelV4CallOptions = {
      ...base,
      providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } },
      prompt: [base.prompt[0]!, { role: 'user', content: [text('First')], providerOptions: { anthropic: { cache_control: { type: 'ephemeral' } } } }, ...base.prompt.slice(2)],
    };
    expect(countCallBreakpoints(withClient)).toBe(2);
    const { options, placed } = placeCallBreakpoints(withClient);
    expect(placed).toBe(2);
    expect(countCallBreakpoints(options)).toBe(4);
    expect(options.prompt[1]).toBe(withClient.prompt[1]);
    expect(options.prompt[3]!.providerOptions).toBeUndefined();
    expect(options.prompt[3]!.content[0]).toEqual(text('Second'));
  });

  it('treats tool results as the user side of a turn', () => {
    const { options, placed } = placeCallBreakpoints({
      prompt: [
        { role: 'user', content: [text('Weather?')] },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 't1', toolName: 'weather', input: '{}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', toolName: 'weather', output: { type: 'text', value: 'sunny' } }] },
      ],
    });
    expect(placed).toBe(2);
    expect(options.prompt[0]!.content[0]).toMatchObject({ providerOptions: cache });
    expect(options.prompt[2]!.content[0]).toMatchObject({ type: 'tool-result', providerOptions: cache });
  });
});

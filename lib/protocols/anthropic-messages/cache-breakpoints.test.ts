import { describe, expect, it } from 'vitest';
import { countClientBreakpoints, placeCacheBreakpoints } from './cache-breakpoints';

const ephemeral = { type: 'ephemeral' };
const tool = (name: string, extra: Record<string, unknown> = {}) => ({ name, input_schema: { type: 'object' }, ...extra });

const conversation = () => ({
  model: 'claude',
  max_tokens: 100,
  tools: [tool('search'), tool('fetch')],
  system: 'You are terse.',
  messages: [
    { role: 'user', content: 'First question' },
    { role: 'assistant', content: [{ type: 'text', text: 'First answer' }] },
    { role: 'user', content: [{ type: 'text', text: 'Second question' }] },
  ],
});

describe('placeCacheBreakpoints', () => {
  it('marks the last tool, the system prompt, the previous user turn and the newest message', () => {
    const body = conversation();
    const { body: out, placed } = placeCacheBreakpoints(body);
    expect(placed).toBe(4);
    expect(out.tools).toEqual([tool('search'), tool('fetch', { cache_control: ephemeral })]);
    expect(out.system).toEqual([{ type: 'text', text: 'You are terse.', cache_control: ephemeral }]);
    expect(out.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'First question', cache_control: ephemeral }] },
      { role: 'assistant', content: [{ type: 'text', text: 'First answer' }] },
      { role: 'user', content: [{ type: 'text', text: 'Second question', cache_control: ephemeral }] },
    ]);
    // The client's body is not changed: it may be retried against another upstream.
    expect(body).toEqual(conversation());
  });

  it('counts the client breakpoints against the limit of four and leaves them where they are', () => {
    const body = {
      ...conversation(),
      system: [
        { type: 'text', text: 'Long instructions', cache_control: ephemeral },
        { type: 'text', text: 'More', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
    };
    const { body: out, placed } = placeCacheBreakpoints(body);
    expect(placed).toBe(2);
    expect(countClientBreakpoints(out)).toBe(4);
    expect(out.system).toBe(body.system);
    // Tools first, then the previous user turn; the newest message is left once the budget is spent.
    expect((out.tools as Array<Record<string, unknown>>)[1]!.cache_control).toEqual(ephemeral);
    const messages = out.messages as Array<{ content: Array<Record<string, unknown>> }>;
    expect(messages[0]!.content[0]!.cache_control).toEqual(ephemeral);
    expect(messages[2]!.content[0]!.cache_control).toBeUndefined();
  });

  it('places nothing when the client already used four breakpoints', () => {
    const marked = { type: 'text', text: 'x', cache_control: ephemeral };
    const body = { messages: [{ role: 'user', content: [marked, marked, marked, marked, { type: 'text', text: 'tail' }] }] };
    const { body: out, placed } = placeCacheBreakpoints(body);
    expect(placed).toBe(0);
    expect(out.messages).toBe(body.messages);
  });

  it('does not mark a block the client marked again, nor thinking or empty text', () => {
    const body = {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Question', cache_control: ephemeral }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Answer' }, { type: 'thinking', thinking: '…', signature: 's' }, { type: 'text', text: '' }] },
      ],
    };
    const { body: out, placed } = placeCacheBreakpoints(body);
    expect(placed).toBe(1);
    const messages = out.messages as Array<{ content: Array<Record<string, unknown>> }>;
    expect(messages[0]!.content[0]!.cache_control).toEqual(ephemeral);
    expect(messages[1]!.content.map((block) => block.cache_control)).toEqual([ephemeral, undefined, undefined]);
  });

  it('marks a tool result in the newest user turn and counts breakpoints inside tool results', () => {
    const body = {
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'sunny', cache_control: ephemeral }] }] },
      ],
    };
    expect(countClientBreakpoints(body)).toBe(1);
    const { body: out, placed } = placeCacheBreakpoints(body);
    expect(placed).toBe(2);
    const messages = out.messages as Array<{ content: Array<Record<string, unknown>> }>;
    expect(messages[2]!.content[0]).toMatchObject({ type: 'tool_result', cache_control: ephemeral });
    expect(messages[0]!.content).toEqual([{ type: 'text', text: 'Weather?', cache_control: ephemeral }]);
  });

  it('handles a first turn: one message, no tools, no system', () => {
    const { body: out, placed } = placeCacheBreakpoints({ messages: [{ role: 'user', content: 'Hi' }] });
    expect(placed).toBe(1);
    expect(out).toEqual({ messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: ephemeral }] }] });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHeadSplicer } from './head-splicer';

const identity = { id: JSON.stringify('gen_01HEAD'), model: JSON.stringify('openai/gpt-4o') };
const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('"id":"x"', '\\"model\\"', 'usage', '😀', '{"usage":null}'));

/** Chunks as an upstream writes them: the same head, deltas that may carry nested ids and names, usage null or a tally. */
const chunk = fc.record({
  delta: fc.oneof(text.map((content) => ({ content })), fc.record({ tool_calls: fc.array(fc.record({ id: text, function: fc.record({ name: text, arguments: text }) }), { maxLength: 2 }) })),
  usage: fc.option(fc.record({ prompt_tokens: fc.nat(), completion_tokens: fc.nat() }), { nil: undefined }),
  usageNull: fc.boolean(),
  extra: fc.dictionary(fc.oneof(text, fc.constantFrom('id', 'model', 'usage')), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
  upstreamModel: fc.constantFrom('gpt-4o', 'gpt-4o-mini'),
});

describe('createHeadSplicer', () => {
  it('rewrites id and model of every event exactly as parse + set + serialise would', () => {
    fc.assert(
      fc.property(fc.array(chunk, { minLength: 1, maxLength: 8 }), fc.boolean(), (chunks, cutUsage) => {
        const splice = createHeadSplicer(identity, cutUsage ? 'usage' : undefined);
        for (const c of chunks) {
          const value: Record<string, unknown> = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: c.upstreamModel, choices: [{ index: 0, delta: c.delta }], ...c.extra };
          if (c.usage) value.usage = c.usage;
          else if (c.usageNull) value.usage = null;
          const data = JSON.stringify(value);
          const out = splice(data);
          const expected: Record<string, unknown> = { ...JSON.parse(data), id: 'gen_01HEAD', model: 'openai/gpt-4o' };
          if (cutUsage) delete expected.usage;
          if (out === undefined) continue; // the caller serialises
          expect(JSON.parse(out)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reuses the head for events that start the same, and cuts a trailing "usage":null', () => {
    const splice = createHeadSplicer(identity, 'usage');
    splice('{"id":"c1","object":"chunk","model":"m","choices":[],"usage":null}');
    expect(splice('{"id":"c1","object":"chunk","model":"m","choices":[{"delta":{"content":"hi"}}],"usage":null}')).toBe(
      '{"id":"gen_01HEAD","object":"chunk","model":"openai/gpt-4o","choices":[{"delta":{"content":"hi"}}]}',
    );
    // A nested "id" after the head is scanned in full; a line break is left to the caller.
    expect(JSON.parse(splice('{"id":"c1","object":"chunk","model":"m","choices":[{"delta":{"tool_calls":[{"id":"call_1"}]}}]}')!).id).toBe('gen_01HEAD');
    expect(splice('{"id":"c1",\n"model":"m"}')).toBeUndefined();
  });

  it('reads only the head of a first event, unless what it must cut sits in the head', () => {
    const first = '{"id":"c1","object":"chunk","model":"m","choices":[{"delta":{"role":"assistant","content":""}}],"usage":null}';
    expect(createHeadSplicer(identity, 'usage')(first)).toBe('{"id":"gen_01HEAD","object":"chunk","model":"openai/gpt-4o","choices":[{"delta":{"role":"assistant","content":""}}]}');
    expect(createHeadSplicer(identity)(first)).toBe(`{"id":"gen_01HEAD","object":"chunk","model":"openai/gpt-4o",${first.slice(first.indexOf('"choices"'))}`);
    // "usage" before "model": inside the head, so the event is scanned in full and the member cut.
    expect(JSON.parse(createHeadSplicer(identity, 'usage')('{"id":"c1","usage":{"total_tokens":3},"model":"m","choices":[]}')!)).toEqual({ id: 'gen_01HEAD', model: 'openai/gpt-4o', choices: [] });
  });

  it('never keeps a member that names id or model with an escape after a reused head', () => {
    const splice = createHeadSplicer(identity, 'usage');
    splice('{"id":"c1","model":"m","choices":[]}');
    for (const data of ['{"id":"c1","model":"m","choices":[],"\\u0069d":"upstream"}', '{"id":"c1","model":"m","choices":[],"\\u0075sage":{"total_tokens":1}}']) {
      const out = splice(data);
      // Undefined: the caller parses and sets the members itself, which is right too.
      if (out === undefined) continue;
      expect(JSON.parse(out)).toMatchObject({ id: 'gen_01HEAD', model: 'openai/gpt-4o' });
      expect(JSON.parse(out)).not.toHaveProperty('usage');
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memberText, scanObject, spliceHead, spliceMembers } from './splice';

/** Strings with escapes, quotes, backslashes, unicode (astral too) and the names the splicer looks for. */
const tricky = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('model', 'id', '"model":"x"', '\\', '"', '\u2028', '\u0000', '{"model":1}', 'mo\\"del', '😀', 'usage'),
);
const key = fc.oneof(tricky, fc.constantFrom('model', 'id', 'usage', 'providerOptions', 'stream_options'));
const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    tricky,
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(key, tie('json'), { maxKeys: 5 }),
  ),
}));
const object = fc.dictionary(key, json, { maxKeys: 6 });

/** The same value written with random whitespace, as another serializer might. */
function spaced(value: unknown, space: string): string {
  return JSON.stringify(value, null, space);
}

const expected = (value: object, changes: Record<string, unknown>) => {
  const out: Record<string, unknown> = { ...value };
  for (const [name, next] of Object.entries(changes)) {
    if (next === undefined) delete out[name];
    else out[name] = next;
  }
  return out;
};

describe('scanObject / spliceMembers', () => {
  it('sets and removes top-level members exactly as parse + serialise would', () => {
    fc.assert(
      fc.property(object, fc.constantFrom('', ' ', '\t', '\n  '), tricky, fc.option(json, { nil: undefined }), fc.boolean(), (value, space, model, id, dropOptions) => {
        const text = spaced(value, space);
        const scanned = scanObject(text);
        expect(scanned).toBeDefined();
        const changes: Record<string, string | undefined> = { model: JSON.stringify(model) };
        if (id !== undefined) changes.id = JSON.stringify(id);
        if (dropOptions) changes.providerOptions = undefined;
        const out = spliceMembers(scanned!, changes);
        const wanted = expected(value, { model, ...(id === undefined ? {} : { id }), ...(dropOptions ? { providerOptions: undefined } : {}) });
        expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(wanted)));
        // Nested members named the same are untouched: every other member keeps its exact text.
        for (const member of scanned!.members) {
          if (member.name in changes) continue;
          expect(memberText(scanObject(out)!, member.name)).toBe(memberText(scanned!, member.name));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads a member value as written', () => {
    fc.assert(
      fc.property(object, json, (value, usage) => {
        const scanned = scanObject(JSON.stringify({ ...value, usage }))!;
        expect(JSON.parse(memberText(scanned, 'usage')!)).toEqual(JSON.parse(JSON.stringify(usage)));
      }),
    );
  });

  it('refuses what it cannot be sure of, so the caller parses instead', () => {
    for (const text of [
      '',
      '[]',
      '"model"',
      '{"model":"a","model":"b"}',
      '{"a":1,}',
      '{"a":01}',
      '{"a":"\u0001"}',
      '{"a":"\\x"}',
      '{"a":tru}',
      '{"a":1} x',
      '{"a" 1}',
      '{"a":[1,]}',
      '{"a":{"b":1}',
      `{"a":${'['.repeat(100)}${']'.repeat(100)}}`,
    ]) {
      expect(scanObject(text), text).toBeUndefined();
    }
  });

  it('agrees with JSON.parse on whether random text is an object', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', 'u', '0', '1', '-', '.', 'e', 'n', 'true', ' ', 'a') }), (text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        const isObject = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
        if (!isObject) expect(scanObject(text)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps numbers and escapes byte for byte', () => {
    const text = '{"model":"gpt","n":1.0e2,"big":12345678901234567890123,"s":"\\u00e9\\/"}';
    expect(spliceMembers(scanObject(text)!, { model: '"other"' })).toBe('{"model":"other","n":1.0e2,"big":12345678901234567890123,"s":"\\u00e9\\/"}');
  });
});

describe('spliceHead', () => {
  const values = { id: JSON.stringify('gen_01HEAD'), model: JSON.stringify('openai/gpt-4o') };

  it('agrees with the full scan wherever it answers, and answers for replies shaped as providers write them', () => {
    fc.assert(
      fc.property(object, fc.constantFrom('', ' ', '\n  '), (value, space) => {
        const text = spaced(value, space);
        const head = spliceHead(text, values);
        if (head === undefined) return;
        expect(head).toBe(spliceMembers(scanObject(text)!, values));
      }),
      { numRuns: 1000 },
    );
    const reply = '{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Hi \\"there\\""},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}';
    expect(spliceHead(reply, values)).toBe(reply.replace('"chatcmpl-1"', '"gen_01HEAD"').replace('"gpt-4o"', '"openai/gpt-4o"'));
    // The model as the last member: the closing brace follows it.
    expect(spliceHead('{"id":"a","model":"m"}', values)).toBe('{"id":"gen_01HEAD","model":"openai/gpt-4o"}');
  });

  it('leaves to the full scan a rest that could name a member again, a missing member and a repeated one', () => {
    // A nested id (a tool call's), and a top-level one spelt with an escape that JSON.parse reads as "id".
    expect(spliceHead('{"id":"a","model":"m","tool_calls":[{"id":"call_1"}]}', values)).toBeUndefined();
    expect(spliceHead('{"id":"a","model":"m","\\u0069d":"upstream"}', values)).toBeUndefined();
    expect(spliceHead('{"id":"a","object":"x"}', values)).toBeUndefined();
    expect(spliceHead('{"id":"a","id":"b","model":"m"}', values)).toBeUndefined();
    expect(spliceHead('[{"id":"a","model":"m"}]', values)).toBeUndefined();
  });
});

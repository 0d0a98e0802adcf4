import fc from 'fast-check';

/** Characters that break naive text handling: NUL and controls, lone surrogates, bidi and zero-width, line separators, astral. */
export const nastyCharacters = [
  '\u0000', '\u0001', '\u001b', '\u007f', '\u0085', '\u00a0', '\u00ff',
  '\ud800', '\udbff', '\udc00', '\udfff',
  '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069', '\ufeff', '\ufffd', '\uffff',
  '\u2028', '\u2029', '\r', '\n', '\t',
  '😀', '👩‍👩‍👧‍👦', '🏳️‍🌈', '\u{10ffff}', '\u{e0001}', 'ﷺ', 'ǅ', '\u0301', 'İ', 'ß',
  '"', '\\', "'", '<', '%', '/', '.', '{', '$',
];

/** Whole strings that have broken servers before. */
const nastyStrings = [
  '', ' ', 'a\u0000b', '\u0000', 'x\ud83d', '\ude00x', '\u202egnp.exe', '\u200b\u200d\ufeff',
  '%00', '%E0%A4%A', '%', '%%', '%uD800', '../../../../etc/passwd', '..\\..\\windows', '\r\nx-injected: 1', '<script>alert(1)</script>',
  "'; drop table teams; --", '{{7*7}}', '${jndi:ldap://127.0.0.1/x}', '__proto__', 'constructor', 'null', 'undefined', 'NaN', '-0', '1e999',
  'openai/gpt-4o\u0000x', 'openai/gpt-4o\ud800', 'openai/', '/gpt-4o', 'openai//gpt-4o', 'OPENAI/GPT-4O', 'openai/gpt-4o ', ' openai/gpt-4o',
];

/** Any string, weighted towards the ones that hurt; long ones kept rare so a run stays fast. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...nastyCharacters), maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 10_000, max: 100_000 }), fc.constantFrom('x', '\u0000', '😀', '\ud800', 'é')).map(([length, unit]) => unit.repeat(length)) },
);

/** Numbers a schema may not expect: huge, negative, fractional, beyond 2^53. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 0.5, -0.5, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 1e21, 9_999_999_999),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Any JSON value, weighted towards hostile leaves. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 4 }) },
);

const deep = (depth: number, open: string, inner: string, close: string) => open.repeat(depth) + inner + close.repeat(depth);

/** JSON text `JSON.stringify` cannot produce: numbers beyond float range, non-JSON literals, very deep nesting. */
export const rawToken: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '1e-999', '-0', '123456789012345678901234567890', '0x10', '01', '.5', '+1', 'undefined', '"\\ud800"', '"\\u0000"', '"\\x00"', "'single'", '[1,]', '{"a":1,}'),
  fc.tuple(fc.integer({ min: 100, max: 200_000 }), fc.boolean()).map(([depth, arrays]) => (arrays ? deep(depth, '[', '', ']') : deep(depth, '{"a":', '1', '}'))),
);

type Path = Array<string | number>;

/** Every place in a JSON value: the root, each key's value and each array element. */
function paths(value: unknown, at: Path = []): Path[] {
  const found: Path[] = [at];
  if (Array.isArray(value)) value.forEach((item, index) => found.push(...paths(item, [...at, index])));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) found.push(...paths(item, [...at, key]));
  return found;
}

const RAW = '\u0000__fuzz_raw__';

export type Mutation = { at: number; op: 'replace' | 'delete' | 'append' | 'add-key' | 'raw'; value: unknown; text: string; raw: string };

/** One field of a valid body changed: replaced, removed, extended with hostile text, a key added, or a raw token spliced in. */
export function applyMutation(base: unknown, mutation: Mutation): string {
  const body = structuredClone(base) as Record<string, unknown>;
  const all = paths(body);
  const path = all[mutation.at % all.length];
  if (path.length === 0) {
    if (mutation.op === 'raw') return mutation.raw;
    if (mutation.op === 'replace') return JSON.stringify(mutation.value);
    if (mutation.op === 'add-key') body[mutation.text] = mutation.value;
    return JSON.stringify(body);
  }
  const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], body);
  const key = path[path.length - 1];
  const current = parent[key];
  if (mutation.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (mutation.op === 'append') parent[key] = typeof current === 'string' ? current + mutation.text : mutation.text;
  else if (mutation.op === 'add-key' && current && typeof current === 'object' && !Array.isArray(current)) current[mutation.text] = mutation.value;
  else if (mutation.op === 'raw') parent[key] = RAW;
  else parent[key] = mutation.value;
  const text = JSON.stringify(body);
  return mutation.op === 'raw' ? text.replace(JSON.stringify(RAW), mutation.raw) : text;
}

/** A valid body with one mutation, as the JSON text sent (the counterexample fast-check prints). */
export const almostValidBody = (base: unknown): fc.Arbitrary<string> =>
  fc
    .record({
      at: fc.nat({ max: 200 }),
      op: fc.constantFrom<Mutation['op']>('replace', 'delete', 'append', 'append', 'add-key', 'raw'),
      value: hostileValue,
      text: hostileString,
      raw: rawToken,
    })
    .map((mutation) => applyMutation(base, mutation));

/** Bodies that are not JSON, or not the JSON a door takes. */
export const notJsonBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.constantFrom('', ' ', '{', '}', '[]', 'null', '0', '"text"', '{"model":', '{"model":"openai/gpt-4o"', '\ufeff{}', '{}garbage', '{"a":1}{"b":2}'),
  rawToken,
  fc.string({ unit: 'binary', maxLength: 200 }),
  // Invalid UTF-8 (overlong, lone continuation, truncated sequence, surrogate half encoded).
  fc.constantFrom([0xc0, 0xaf], [0x80], [0xe0, 0xa4], [0xed, 0xa0, 0x80], [0xff, 0xfe, 0x7b, 0x7d], [0x7b, 0x22, 0x6d, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]).map((bytes) => Buffer.from(bytes)),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
);

/** Content types a client may send instead of application/json. */
export const oddContentType: fc.Arbitrary<string | undefined> = fc.constantFrom(
  undefined, 'application/json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
  'application/json; charset=latin1', '*/*', '', 'application/json, application/json', 'APPLICATION/JSON', 'application/json;;;', 'x'.repeat(5_000),
);

/** Text PostgreSQL cannot store as it is: NUL, or a lone surrogate (invalid in UTF-8 and in jsonb), amid other hostile characters. */
export const unstorableText: fc.Arbitrary<string> = fc
  .tuple(fc.string({ unit: fc.constantFrom(...nastyCharacters), maxLength: 6 }), fc.constantFrom('\u0000', '\ud800', '\udfff', '\udbff\u0000'), fc.string({ maxLength: 6 }))
  .map(([before, bad, after]) => before + bad + after);

/** Every string in a JSON value, and every object (where a key can be added), by path. */
function textPlaces(value: unknown, at: Path = []): Array<{ path: Path; kind: 'string' | 'object' }> {
  if (typeof value === 'string') return [{ path: at, kind: 'string' }];
  if (Array.isArray(value)) return value.flatMap((item, index) => textPlaces(item, [...at, index]));
  if (value && typeof value === 'object') return [{ path: at, kind: 'object' as const }, ...Object.entries(value).flatMap(([key, item]) => textPlaces(item, [...at, key]))];
  return [];
}

/**
 * A valid body with unstorable text in one string field (appended, so ids stay recognisable) or
 * as a new key: whatever of the request reaches a usage row (model ids, end users, tags, error
 * messages that quote the input) must be made storable first.
 */
export const unstorableTextBody = (base: unknown): fc.Arbitrary<string> =>
  fc.tuple(fc.nat({ max: 200 }), unstorableText).map(([at, text]) => {
    const body = structuredClone(base) as Record<string, unknown>;
    const places = textPlaces(body);
    const { path, kind } = places[at % places.length];
    const node = path.reduce<any>((current, key) => current[key], body);
    if (kind === 'object') node[text] = text;
    else {
      const parent = path.slice(0, -1).reduce<any>((current, key) => current[key], body);
      parent[path[path.length - 1]] = `${node}${text}`;
    }
    return JSON.stringify(body);
  });

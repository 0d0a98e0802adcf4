import fc from 'fast-check';
import { hostileString } from './hostile';

/** Every byte of the text's UTF-8 percent-encoded; unlike encodeURIComponent it takes lone surrogates (as U+FFFD, as any client sends them). */
export const percentEncode = (text: string) => Array.from(Buffer.from(text, 'utf8'), (byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');

const percentEncoded = hostileString.map((text) => percentEncode(text.slice(0, 200)));

/** Path segments that have broken routers: traversal, malformed or overlong escapes, encoded separators. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '..', '.', '%2e%2e', '%2E%2E%2F', '%2F', '%5C', '%00', '%E0%A4%A', '%E0%A4', '%', '%%', '%zz', '%C0%AF', '%ED%A0%80', '%F4%90%80%80', '%FF',
      '%u0000', '%252e', '', ';', ';x=1', '~', '*', ':', '@', '$', '!', "'", '(', ')', 'gen_00000000000000000000000000', 'openai', 'gpt-4o',
    ),
  },
  { weight: 2, arbitrary: percentEncoded },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@-]{0,24}$/) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 30_000 }).map((length) => 'a'.repeat(length)) },
);

const queryValue = fc.oneof(
  hostileSegment,
  fc.constantFrom('2026-01-01', '2026-13-45', '9999-12-31', '0000-00-00', 'day', 'hour', 'user', 'model', 'tag', 'byok', 'system', 'gen_01HZZZZZZZZZZZZZZZZZZZZZZZ', 'a,b,,c'),
);
const queryKey = fc.oneof(
  fc.constantFrom('id', 'id', 'start_date', 'end_date', 'group_by', 'date_part', 'user_id', 'model', 'provider', 'credential_type', 'tags', '__proto__', 'constructor', ''),
  hostileSegment,
);

/** A query string: repeated keys, keys without values, hostile escapes. */
export const hostileQuery: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.array(fc.tuple(queryKey, fc.option(queryValue, { nil: undefined })), { minLength: 1, maxLength: 6 }).map((pairs) => `?${pairs.map(([key, value]) => (value === undefined ? key : `${key}=${value}`)).join('&')}`),
  fc.constantFrom('?', '??', '?&&&', '?id', '?id=%', '?id=%E0%A4%A', '#fragment', '?a=1#b'),
);

/** A request target under `base`: maybe extra hostile segments, maybe a query. */
export const hostileTarget = (bases: string[]): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...bases), fc.array(hostileSegment, { maxLength: 3 }), fc.boolean(), hostileQuery)
    .map(([base, segments, trailingSlash, query]) => `${[base, ...segments].join('/')}${trailingSlash ? '/' : ''}${query}`);

/** Methods a client may use; HEAD is left out because its answers carry no body to check. */
export const method = fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');

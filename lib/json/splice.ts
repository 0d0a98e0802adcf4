/**
 * Reading and rewriting a few top-level members of a JSON object text without parsing it into
 * objects and serialising it again: the pass-through path forwards the upstream's bytes and only
 * changes `model` (request) or `id`/`model` (response).
 *
 * `scanObject` validates the whole text against the JSON grammar (strings with their escapes,
 * numbers, literals, nesting) and returns where each top-level member's value is. Whenever it
 * cannot be sure (not an object, invalid JSON, a member name twice, nesting too deep) it returns
 * undefined and the caller falls back to `JSON.parse` / `JSON.stringify`.
 */

/** One top-level member: where its name starts, and its value's [start, end). */
export type Member = { name: string; keyStart: number; start: number; end: number };

export type ScannedObject = { text: string; members: Member[]; byName: Map<string, Member> };

const MAX_DEPTH = 64;

// Sticky regexes: irregexp checks a string or number at native speed without allocating.
const STRING = /"(?:[^"\\\u0000-\u001f]+|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

const isSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** End of the string starting at `i` (a quote), or -1. */
function skipString(text: string, i: number): number {
  STRING.lastIndex = i;
  return STRING.test(text) ? STRING.lastIndex : -1;
}

function skipLiteral(text: string, i: number, word: string): number {
  return text.startsWith(word, i) ? i + word.length : -1;
}

/** End of the value starting at `i` (no leading space), or -1 if it is not valid JSON. */
function skipValue(text: string, i: number, depth: number): number {
  const code = text.charCodeAt(i);
  if (code === 0x22) return skipString(text, i);
  if (code === 0x7b) return skipContainer(text, i, depth, true);
  if (code === 0x5b) return skipContainer(text, i, depth, false);
  if (code === 0x74) return skipLiteral(text, i, 'true');
  if (code === 0x66) return skipLiteral(text, i, 'false');
  if (code === 0x6e) return skipLiteral(text, i, 'null');
  NUMBER.lastIndex = i;
  return NUMBER.test(text) ? NUMBER.lastIndex : -1;
}

function skipContainer(text: string, i: number, depth: number, object: boolean): number {
  if (depth >= MAX_DEPTH) return -1;
  const close = object ? 0x7d : 0x5d;
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === close) return i + 1;
  for (;;) {
    if (object) {
      if (text.charCodeAt(i) !== 0x22) return -1;
      i = skipString(text, i);
      if (i < 0) return -1;
      i = skipSpace(text, i);
      if (text.charCodeAt(i) !== 0x3a) return -1;
      i = skipSpace(text, i + 1);
    }
    i = skipValue(text, i, depth + 1);
    if (i < 0) return -1;
    i = skipSpace(text, i);
    const next = text.charCodeAt(i);
    if (next === close) return i + 1;
    if (next !== 0x2c) return -1;
    i = skipSpace(text, i + 1);
  }
}

const memberName = (raw: string): string => (raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1));

/** The text's top-level members, or undefined when the text is not one valid JSON object with distinct member names. */
export function scanObject(text: string): ScannedObject | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x7b) return undefined;
  const members: Member[] = [];
  const byName = new Map<string, Member>();
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) !== 0x7d) {
    for (;;) {
      if (text.charCodeAt(i) !== 0x22) return undefined;
      const keyStart = i;
      i = skipString(text, i);
      if (i < 0) return undefined;
      const name = memberName(text.slice(keyStart, i));
      i = skipSpace(text, i);
      if (text.charCodeAt(i) !== 0x3a) return undefined;
      const start = skipSpace(text, i + 1);
      const end = skipValue(text, start, 1);
      if (end < 0 || byName.has(name)) return undefined;
      const member = { name, keyStart, start, end };
      members.push(member);
      byName.set(name, member);
      i = skipSpace(text, end);
      const next = text.charCodeAt(i);
      if (next === 0x7d) break;
      if (next !== 0x2c) return undefined;
      i = skipSpace(text, i + 1);
    }
  }
  // Only whitespace may follow the object.
  if (skipSpace(text, i + 1) !== text.length) return undefined;
  return { text, members, byName };
}

/** The raw JSON text of a member's value, if the member is there. */
export function memberText(scanned: ScannedObject, name: string): string | undefined {
  const member = scanned.byName.get(name);
  return member && scanned.text.slice(member.start, member.end);
}

/**
 * The object with members set (name → the JSON text of the new value) or removed (name →
 * undefined). A member that is set keeps its place; a new one goes first. The result is what
 * `JSON.stringify({ ...JSON.parse(text), ...changes })` would mean, member order aside.
 */
export function spliceMembers(scanned: ScannedObject, changes: Record<string, string | undefined>): string {
  const { text, members } = scanned;
  const open = text.indexOf('{');
  const edits: Array<{ from: number; to: number; insert: string }> = [];
  const added: string[] = [];
  let kept = members.length;
  for (const [name, value] of Object.entries(changes)) {
    const member = scanned.byName.get(name);
    if (value === undefined) {
      if (member) kept--;
      continue;
    }
    if (member) edits.push({ from: member.start, to: member.end, insert: value });
    else added.push(`${JSON.stringify(name)}:${value}`);
  }
  // Removing: each removed member takes the comma after it, or, if it is the last one kept, the one before it.
  for (let index = 0; index < members.length; index++) {
    const member = members[index];
    if (!(member.name in changes) || changes[member.name] !== undefined) continue;
    const next = members[index + 1];
    edits.push({ from: member.keyStart, to: next ? next.keyStart : member.end, insert: '' });
  }
  // In place by insertion: a call edits one to three members, and Array.prototype.sort allocates a work array even for those.
  for (let index = 1; index < edits.length; index++) {
    const edit = edits[index];
    let before = index - 1;
    for (; before >= 0 && edits[before].from > edit.from; before--) edits[before + 1] = edits[before];
    edits[before + 1] = edit;
  }
  let out = text.slice(0, open + 1);
  if (added.length > 0) out += added.join(',') + (kept > 0 ? ',' : '');
  let at = open + 1;
  for (const edit of edits) {
    out += text.slice(at, edit.from) + edit.insert;
    at = edit.to;
  }
  out += text.slice(at);
  return kept > 0 || added.length > 0 ? fixTrailingComma(out) : '{}';
}

/**
 * Removing the last member leaves the comma before it: `{"a":1,}`. Drop the comma (and the
 * space around it) that stands right before the closing brace.
 */
function fixTrailingComma(text: string): string {
  const close = text.lastIndexOf('}');
  let i = close - 1;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  return text.charCodeAt(i) === 0x2c ? text.slice(0, i) + text.slice(i + 1) : text;
}

/** A member's value parsed (just that value), or undefined if the member is not there. */
export function parseMember(scanned: ScannedObject, name: string): unknown {
  const text = memberText(scanned, name);
  return text === undefined ? undefined : JSON.parse(text);
}

/** The text of an array's first element, given the text of a valid JSON array (as `memberText` returns it). */
export function firstElement(arrayText: string | undefined): string | undefined {
  if (arrayText === undefined || arrayText.charCodeAt(0) !== 0x5b) return undefined;
  const start = skipSpace(arrayText, 1);
  if (arrayText.charCodeAt(start) === 0x5d) return undefined;
  const end = skipValue(arrayText, start, 1);
  return end < 0 ? undefined : arrayText.slice(start, end);
}

/**
 * Whether `text` from `from` on could hold a member named by one of `quoted` (names as JSON
 * strings): the quoted name itself, or a `\u` escape, which could spell one (`"\u0069d"` reads
 * as `"id"`). A rest that cannot is kept as it is by a head splice; one that can is scanned.
 */
export function mayName(text: string, from: number, quoted: readonly string[]): boolean {
  for (const name of quoted) if (text.indexOf(name, from) >= 0) return true;
  return text.indexOf('\\u', from) >= 0;
}

/**
 * The head of an object: its text up to the end of the last of `values`' members, with their
 * values replaced (`out`), and where that head ends in `text` (`at`). The members before are
 * stepped over, not decoded. Undefined when `text` is no object, a member is missing, or one is
 * named twice within the head. Says nothing of the rest: see `spliceHead`.
 */
export function spliceHeadOnly(text: string, values: Record<string, string>): { out: string; at: number } | undefined {
  const names = Object.keys(values);
  if (names.length > 30) return undefined;
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x7b) return undefined;
  i = skipSpace(text, i + 1);
  let out = '';
  let at = 0;
  let found = 0;
  let seen = 0;
  while (found < names.length) {
    if (text.charCodeAt(i) !== 0x22) return undefined;
    const keyStart = i;
    i = skipString(text, i);
    if (i < 0) return undefined;
    const index = names.indexOf(memberName(text.slice(keyStart, i)));
    i = skipSpace(text, i);
    if (text.charCodeAt(i) !== 0x3a) return undefined;
    const start = skipSpace(text, i + 1);
    const end = skipValue(text, start, 1);
    if (end < 0) return undefined;
    if (index >= 0) {
      // A bit per name: the second of two members with one name leaves it to the full scan (which refuses it).
      if (seen & (1 << index)) return undefined;
      seen |= 1 << index;
      found++;
      out += text.slice(at, start) + values[names[index]];
      at = end;
      if (found === names.length) break;
    }
    i = skipSpace(text, end);
    if (text.charCodeAt(i) !== 0x2c) return undefined;
    i = skipSpace(text, i + 1);
  }
  return { out, at };
}

/**
 * `spliceMembers(scanObject(text), values)` read only as far as the last member it sets, for a
 * reply whose other members are most of its bytes: the members before are stepped over, the rest
 * is kept as it is when it cannot name one of them again (`mayName`; `quoted` is the names as
 * JSON strings, for callers that splice the same names every time). Undefined when that does
 * not hold, or a member is missing or named twice before the end of the head: the caller scans in
 * full. Does not validate the rest: the caller parses the text (`JSON.parse`) as well.
 */
export function spliceHead(text: string, values: Record<string, string>, quoted: readonly string[] = Object.keys(values).map((name) => JSON.stringify(name))): string | undefined {
  const head = spliceHeadOnly(text, values);
  if (!head || mayName(text, head.at, quoted)) return undefined;
  return head.out + text.slice(head.at);
}

/** The text parsed, if it is one JSON object; undefined for anything else, invalid JSON included. */
export function parseObject(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Redaction of request and response bodies before they are stored. Built-in rules (secrets,
 * emails, card numbers, phone numbers) run first, then the team's own patterns; every match is
 * replaced with `[REDACTED:<kind>]`.
 *
 * Hand-written rather than a library: the PII scrubbers on npm either call a remote service,
 * pull in an NLP model, or match cards without a Luhn check. Every built-in regex here has
 * bounded quantifiers and no nested repetition, so its cost is linear in the text; a team's
 * patterns are refused unless they are short and free of nested quantifiers and backreferences
 * (the shapes that backtrack catastrophically), and they only ever see strings already cut to
 * the capture limit.
 */

export type RedactionKind = 'secret' | 'email' | 'card' | 'phone' | 'custom';

type Rule = { kind: RedactionKind; pattern: RegExp; accept?: (match: string) => boolean };

const digits = (text: string) => text.replace(/\D/g, '');

/** The Luhn checksum every payment card number satisfies (and most order numbers do not). */
export function luhnValid(number: string): boolean {
  let sum = 0;
  for (let index = 0; index < number.length; index++) {
    let digit = number.charCodeAt(number.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return number.length > 0 && sum % 10 === 0;
}

/** Bits per character: random tokens score high, words and identifiers low. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A long run of mixed-case letters and digits that looks random: an unknown vendor's key or a token. */
function looksRandom(token: string): boolean {
  return /[a-z]/.test(token) && /[A-Z]/.test(token) && /\d/.test(token) && entropy(token) >= 4;
}

const builtInRules: Rule[] = [
  // Known key shapes first, so their digits are not taken for cards or phone numbers.
  { kind: 'secret', pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{8,4096}=*/gi },
  { kind: 'secret', pattern: /\b(?:sk|pk|rk)-(?:[a-z]{2,8}-)?[A-Za-z0-9_-]{16,512}/g },
  { kind: 'secret', pattern: /\bgth[a-z]{0,4}_[A-Za-z0-9_-]{16,256}/g },
  { kind: 'secret', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'secret', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{30,255})/g },
  { kind: 'secret', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,255}/g },
  { kind: 'secret', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'secret', pattern: /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[\s\S]{0,8192}?-----END [A-Z ]{0,40}PRIVATE KEY-----/g },
  { kind: 'secret', pattern: /\beyJ[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{0,4096}/g },
  { kind: 'secret', pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,512}(?![A-Za-z0-9_-])/g, accept: looksRandom },
  { kind: 'email', pattern: /\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}[A-Za-z]{2,24}\b/g },
  // 13 to 19 digits, spaces or dashes allowed between them; only numbers that pass Luhn.
  { kind: 'card', pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])/g, accept: (match) => luhnValid(digits(match)) },
  // E.164, international with separators, North American, and national numbers starting with 0.
  { kind: 'phone', pattern: /(?<![\w+])\+[1-9]\d{7,14}\b/g },
  { kind: 'phone', pattern: /(?<![\w+])\+\d{1,3}(?:[ .-]\(?\d{1,5}\)?){2,5}(?![\w])/g, accept: (match) => digits(match).length >= 8 && digits(match).length <= 15 },
  { kind: 'phone', pattern: /(?<![\w+])(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}\b/g },
  { kind: 'phone', pattern: /(?<![\w+.-])0\d{1,4}(?:[ .-]\d{2,4}){2,4}(?![\w])/g, accept: (match) => digits(match).length >= 9 && digits(match).length <= 12 },
];

export const MAX_CUSTOM_PATTERNS = 20;
export const MAX_PATTERN_LENGTH = 200;

/** A group with a quantifier inside followed by another quantifier (`(a+)+`, `(\w*)*`, `(a|b+){2,}`). */
const nestedQuantifier = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,?\d*\})(?:[^()\\]|\\.)*\)\s*(?:[+*?]|\{\d+,?\d*\})/;

/** Why a team's pattern is refused, or undefined when it may be used. */
export function customPatternProblem(source: string): string | undefined {
  if (!source.trim()) return 'A pattern cannot be empty.';
  if (source.length > MAX_PATTERN_LENGTH) return `A pattern can be at most ${MAX_PATTERN_LENGTH} characters.`;
  if (nestedQuantifier.test(source)) return 'Nested quantifiers such as (a+)+ are not allowed: they can take exponential time.';
  if (/\\[1-9]|\\k</.test(source)) return 'Backreferences are not allowed.';
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, 'gu');
  } catch (error) {
    return `Not a valid regular expression: ${(error as Error).message.slice(0, 200)}`;
  }
  if (pattern.test('')) return 'A pattern must not match empty text.';
  return undefined;
}

export type Redactor = {
  /** A string with every match replaced; `count` grows by the replacements made. */
  text(value: string, count: { n: number }): string;
};

/** The built-in rules plus the team's patterns (invalid ones are skipped: they were validated when saved). */
export function createRedactor(customPatterns: readonly string[] = []): Redactor {
  const rules = [...builtInRules];
  for (const source of customPatterns.slice(0, MAX_CUSTOM_PATTERNS)) {
    if (customPatternProblem(source)) continue;
    rules.push({ kind: 'custom', pattern: new RegExp(source, 'gu') });
  }
  return {
    text(value, count) {
      let out = value;
      for (const rule of rules) {
        rule.pattern.lastIndex = 0;
        out = out.replace(rule.pattern, (match) => {
          if (rule.accept && !rule.accept(match)) return match;
          count.n++;
          return `[REDACTED:${rule.kind}]`;
        });
      }
      return out;
    },
  };
}

/** Data URLs and long base64 strings (inline images, audio, files) are not kept: a placeholder says how large they were. */
const dataUrl = /^data:[\w.+-]{1,100}\/[\w.+-]{1,100}[;,]/;
const base64 = /^[A-Za-z0-9+/_\-\r\n]+={0,2}$/;

function omitted(value: string): string | undefined {
  if (dataUrl.test(value)) return `[omitted: data URL, ${value.length} characters]`;
  if (value.length > 1024 && base64.test(value)) return `[omitted: base64 data, ${value.length} characters]`;
  return undefined;
}

/** Every string in a JSON value redacted (keys too), in a new value; the structure is kept. */
export function redactJson(value: unknown, redactor: Redactor, count: { n: number }, depth = 0): unknown {
  if (typeof value === 'string') return omitted(value) ?? redactor.text(value, count);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 64) return '[omitted: nested too deeply]';
  if (Array.isArray(value)) return value.map((item) => redactJson(item, redactor, count, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[redactor.text(key, count)] = redactJson(item, redactor, count, depth + 1);
  return out;
}

// In-band steering: directives embedded in the last user turn's text, e.g.
//   [[tool:get_weather {"city":"Oslo"}]]  [[error:429]]  [[error:400 bad thing]]
//   [[stall:500]]  [[cut:3]]  [[text:Any reply text]]  [[usage:100,20,30,5]]  [[delay:10]]
import type { FakeToolCall, FakeUsage } from './types';

export type Directives = {
  tool?: FakeToolCall;
  error?: { status: number; message?: string };
  stallMs?: number;
  cutAfter?: number;
  text?: string;
  usage?: FakeUsage;
  chunkDelayMs?: number;
};

/** Index just past a balanced JSON object starting at `start` (which must be '{'), or -1. */
function scanJsonObject(s: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function nonNegativeInt(raw: string): number | undefined {
  const t = raw.trim();
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

function parseTool(s: string, from: number): { value: FakeToolCall; end: number } | null {
  const m = /^([A-Za-z0-9_.:-]+)\s*/.exec(s.slice(from));
  if (!m) return null;
  let i = from + m[0].length;
  let args: Record<string, unknown> = {};
  if (s[i] === '{') {
    const end = scanJsonObject(s, i);
    if (end < 0) return null;
    try {
      const parsed: unknown = JSON.parse(s.slice(i, end));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
      args = parsed as Record<string, unknown>;
    } catch {
      return null;
    }
    i = end;
  }
  const close = /^\s*\]\]/.exec(s.slice(i));
  if (!close) return null;
  return { value: { name: m[1], arguments: args }, end: i + close[0].length };
}

/** Parse every directive in `text`. The first occurrence of each kind wins. Returns null if none. */
export function parseDirectives(text: string): Directives | null {
  const d: Directives = {};
  let found = false;
  const OPEN = /\[\[(tool|error|stall|cut|text|usage|delay):/g;
  for (let m = OPEN.exec(text); m; m = OPEN.exec(text)) {
    const kind = m[1];
    const from = m.index + m[0].length;
    if (kind === 'tool') {
      const t = parseTool(text, from);
      if (!t) continue;
      if (!d.tool) d.tool = t.value;
      found = true;
      OPEN.lastIndex = t.end;
      continue;
    }
    const close = text.indexOf(']]', from);
    if (close < 0) break;
    const raw = text.slice(from, close);
    OPEN.lastIndex = close + 2;
    if (kind === 'text') {
      d.text ??= raw;
      found = true;
    } else if (kind === 'error') {
      const em = /^\s*(\d{3})(?:\s+(.*))?$/s.exec(raw);
      if (!em) continue;
      d.error ??= em[2] ? { status: Number(em[1]), message: em[2].trim() } : { status: Number(em[1]) };
      found = true;
    } else if (kind === 'usage') {
      const nums = raw.split(',').map(nonNegativeInt);
      if (nums.length < 2 || nums.length > 4 || nums.some((n) => n === undefined)) continue;
      const [input, output, cached, reasoning] = nums as number[];
      d.usage ??= { input, output, cached: cached ?? 0, reasoning: reasoning ?? 0 };
      found = true;
    } else {
      const n = nonNegativeInt(raw);
      if (n === undefined) continue;
      if (kind === 'stall') d.stallMs ??= n;
      else if (kind === 'cut') d.cutAfter ??= n;
      else d.chunkDelayMs ??= n;
      found = true;
    }
  }
  return found ? d : null;
}

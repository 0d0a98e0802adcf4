import type { HeaderReader } from './types';

/**
 * The `ai-o11y-*` headers the AI SDK's gateway provider sends (from the Vercel deployment's
 * environment). Read by name, so a client cannot grow the stored map with headers of its own.
 */
export const o11yHeaderNames = ['deployment-id', 'environment', 'region', 'request-id', 'project-id'] as const;

/** Each name with its header's, built once rather than on every model call. */
const o11yHeaders = o11yHeaderNames.map((name) => [name, `ai-o11y-${name}`] as const);

const limits = { referer: 512, title: 256, o11yValue: 256 } as const;

/** Control characters out, whitespace trimmed, cut to `max`; empty becomes null. */
function clean(value: string | null, max: number): string | null {
  if (!value) return null;
  const text = value.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, max);
  return text || null;
}

export type Attribution = { appReferer: string | null; appTitle: string | null; o11y: Record<string, string> | null };

/**
 * App attribution, as OpenRouter-style clients send it (`http-referer`, `x-title`; `referer`
 * too, which browsers set), and the AI SDK's observability headers: bounded and sanitised
 * for the usage row, never trusted for anything else.
 */
export function readAttribution(headers: HeaderReader): Attribution {
  let o11y: Record<string, string> | null = null;
  for (const [name, header] of o11yHeaders) {
    const value = clean(headers.get(header), limits.o11yValue);
    if (value) (o11y ??= {})[name] = value;
  }
  return {
    appReferer: clean(headers.get('http-referer') ?? headers.get('referer'), limits.referer),
    appTitle: clean(headers.get('x-title'), limits.title),
    o11y,
  };
}

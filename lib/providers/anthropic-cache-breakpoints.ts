import type { LanguageModelV4CallOptions, LanguageModelV4FunctionTool, LanguageModelV4Message, SharedV4ProviderOptions } from '@ai-sdk/provider';
import { MAX_CACHE_BREAKPOINTS } from '../protocols/anthropic-messages/cache-breakpoints';

/**
 * `caching: 'auto'` on the translation path to Anthropic: the same placement as the
 * pass-through's (cache-breakpoints.ts in the Anthropic Messages protocol), written as
 * `providerOptions.anthropic.cacheControl`, which `@ai-sdk/anthropic` turns into
 * `cache_control` on the tool definition, system block or content block it sits on.
 */
type Part = Exclude<LanguageModelV4Message, { role: 'system' }>['content'][number];

const ephemeral = () => ({ type: 'ephemeral' as const });

function hasCacheControl(options: SharedV4ProviderOptions | undefined): boolean {
  const anthropic = options?.anthropic as Record<string, unknown> | undefined;
  return anthropic?.cacheControl != null || anthropic?.cache_control != null;
}

const withCacheControl = (options: SharedV4ProviderOptions | undefined): SharedV4ProviderOptions => ({
  ...options,
  anthropic: { ...(options?.anthropic ?? {}), cacheControl: ephemeral() },
});

/** Parts `@ai-sdk/anthropic` sends with a `cache_control` (it drops it on thinking blocks, and Anthropic refuses empty text). */
function cacheable(part: Part): boolean {
  if (part.type === 'reasoning' || part.type === 'reasoning-file' || part.type === 'tool-approval-response' || part.type === 'custom') return false;
  return !(part.type === 'text' && part.text.length === 0);
}

/** Breakpoints the caller set: on the call, on tools, on messages and on their parts. */
export function countCallBreakpoints(options: LanguageModelV4CallOptions): number {
  let count = hasCacheControl(options.providerOptions) ? 1 : 0;
  for (const tool of options.tools ?? []) if (tool.type === 'function' && hasCacheControl(tool.providerOptions)) count += 1;
  for (const message of options.prompt) {
    if (hasCacheControl(message.providerOptions)) count += 1;
    if (typeof message.content === 'string') continue;
    for (const part of message.content as Part[]) if (hasCacheControl(part.providerOptions)) count += 1;
  }
  return count;
}

/** A message with its last cacheable part marked, or undefined if there is none or the caller already marked it (or the message). */
function markMessage(message: LanguageModelV4Message): LanguageModelV4Message | undefined {
  if (hasCacheControl(message.providerOptions)) return undefined;
  if (message.role === 'system') return message.content.length > 0 ? { ...message, providerOptions: withCacheControl(message.providerOptions) } : undefined;
  const parts = message.content as Part[];
  for (let index = parts.length - 1; index >= 0; index--) {
    const part = parts[index]!;
    if (!cacheable(part)) continue;
    if (hasCacheControl(part.providerOptions)) return undefined;
    const content = [...parts];
    content[index] = { ...part, providerOptions: withCacheControl(part.providerOptions) } as Part;
    return { ...message, content } as LanguageModelV4Message;
  }
  return undefined;
}

/** The call with automatic breakpoints added (a copy) and how many were placed. */
export function placeCallBreakpoints(options: LanguageModelV4CallOptions): { options: LanguageModelV4CallOptions; placed: number } {
  let budget = MAX_CACHE_BREAKPOINTS - countCallBreakpoints(options);
  let placed = 0;
  const out: LanguageModelV4CallOptions = { ...options };
  const take = () => {
    budget -= 1;
    placed += 1;
  };

  const tools = options.tools ?? [];
  let lastTool = -1;
  for (let index = tools.length - 1; index >= 0; index--) {
    if (tools[index]!.type === 'function') {
      lastTool = index;
      break;
    }
  }
  const tool = tools[lastTool] as LanguageModelV4FunctionTool | undefined;
  if (budget > 0 && tool && !hasCacheControl(tool.providerOptions)) {
    const copy = [...tools];
    copy[lastTool] = { ...tool, providerOptions: withCacheControl(tool.providerOptions) };
    out.tools = copy;
    take();
  }

  const prompt = options.prompt;
  // The system prompt is the leading run of system messages; its last one closes the static part.
  let system = -1;
  while (system + 1 < prompt.length && prompt[system + 1]!.role === 'system') system += 1;
  const newest = prompt.length - 1;
  let previousUser = -1;
  for (let index = newest - 1; index > system; index--) {
    if (prompt[index]!.role === 'user' || prompt[index]!.role === 'tool') {
      previousUser = index;
      break;
    }
  }
  const copied = [...prompt];
  for (const index of [system, previousUser, newest > system ? newest : -1]) {
    if (budget <= 0 || index < 0) continue;
    const message = markMessage(prompt[index]!);
    if (!message) continue;
    copied[index] = message;
    take();
  }
  out.prompt = copied;
  return { options: out, placed };
}

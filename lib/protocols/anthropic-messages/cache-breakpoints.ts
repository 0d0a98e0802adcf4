/**
 * `caching: 'auto'` on an Anthropic Messages body: `cache_control` breakpoints where the hosted
 * gateway puts them, at the end of the static content (the last tool, the last system block) and
 * on the latest turns (the last user turn before the newest message, and the newest message), so
 * a request reads what the previous turn wrote and writes what the next turn will read.
 *
 * Anthropic refuses more than four breakpoints; the client's own count against that limit and
 * are never moved. Blocks that cannot carry one (thinking, empty text) are not marked.
 */
export const MAX_CACHE_BREAKPOINTS = 4;

type Block = Record<string, unknown>;
type Message = { role?: unknown; content?: unknown } & Record<string, unknown>;

const ephemeral = () => ({ type: 'ephemeral' });
const isObject = (value: unknown): value is Block => typeof value === 'object' && value !== null && !Array.isArray(value);
const marked = (value: unknown) => isObject(value) && value.cache_control != null;

/** Breakpoints the client set: top-level, tools, system blocks, message blocks and tool results' inner blocks. */
export function countClientBreakpoints(body: Record<string, unknown>): number {
  let count = body.cache_control != null ? 1 : 0;
  const blocks = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const block of list) {
      if (marked(block)) count += 1;
      if (isObject(block) && Array.isArray(block.content)) blocks(block.content);
    }
  };
  blocks(body.tools);
  blocks(body.system);
  if (Array.isArray(body.messages)) for (const message of body.messages) if (isObject(message)) blocks(message.content);
  return count;
}

/** Whether a block may carry `cache_control` (Anthropic refuses it on thinking and on empty text). */
function cacheable(block: unknown): block is Block {
  if (!isObject(block)) return false;
  if (block.type === 'thinking' || block.type === 'redacted_thinking') return false;
  return !(block.type === 'text' && (typeof block.text !== 'string' || block.text.length === 0));
}

/**
 * Content (a string or blocks) with its last cacheable block marked, or undefined when there is
 * nothing to mark or the client already marked that block. Copies what it changes.
 */
function markContent(content: unknown): Block[] | undefined {
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content, cache_control: ephemeral() }] : undefined;
  if (!Array.isArray(content)) return undefined;
  for (let index = content.length - 1; index >= 0; index--) {
    const block = content[index];
    if (!cacheable(block)) continue;
    if (block.cache_control != null) return undefined;
    const copy = [...content] as Block[];
    copy[index] = { ...block, cache_control: ephemeral() };
    return copy;
  }
  return undefined;
}

/** The body with automatic breakpoints added (a copy; the client's body is left as it was) and how many were placed. */
export function placeCacheBreakpoints(body: Record<string, unknown>): { body: Record<string, unknown>; placed: number } {
  let budget = MAX_CACHE_BREAKPOINTS - countClientBreakpoints(body);
  const out: Record<string, unknown> = { ...body };
  let placed = 0;
  const take = () => {
    budget -= 1;
    placed += 1;
  };

  if (budget > 0 && Array.isArray(body.tools) && body.tools.length > 0) {
    const last = body.tools[body.tools.length - 1];
    if (isObject(last) && last.cache_control == null) {
      out.tools = [...body.tools.slice(0, -1), { ...last, cache_control: ephemeral() }];
      take();
    }
  }
  if (budget > 0) {
    const system = markContent(body.system);
    if (system) {
      out.system = system;
      take();
    }
  }
  const messages = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
  const newest = messages.length - 1;
  let previousUser = -1;
  for (let index = newest - 1; index >= 0; index--) {
    if (isObject(messages[index]) && (messages[index] as Message).role === 'user') {
      previousUser = index;
      break;
    }
  }
  const copied = [...messages];
  for (const index of [previousUser, newest]) {
    if (budget <= 0 || index < 0) continue;
    const message = messages[index];
    if (!isObject(message)) continue;
    const content = markContent(message.content);
    if (!content) continue;
    copied[index] = { ...message, content };
    take();
  }
  if (placed > 0 && messages.length > 0) out.messages = copied;
  return { body: out, placed };
}

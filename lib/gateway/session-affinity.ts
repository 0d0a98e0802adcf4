import { createHash } from 'node:crypto';
import type { Attempt } from './plan';
import type { ParsedRequest } from './types';

/**
 * Session affinity: a provider's prompt cache lives with the account (credential) that served
 * the conversation, so later turns of one conversation go back there while it is healthy.
 * A conversation is recognised by its prefix (system prompt, tools and the opening messages,
 * which every later turn repeats verbatim), hashed with the team and the model.
 *
 * The memory is per instance and bounded: an LRU of at most `maxEntries` keys, each living
 * `ttlMs` after its last use (a prompt cache lives about five minutes after its last hit).
 * Hand-written rather than a package: the repository has no LRU dependency, and a Map kept
 * in use order is all this needs.
 */
export type AffinityTarget = { model: string; provider: string; credential: string };

/** Where conversations' targets are kept: this instance's memory, or Redis in front of it (redis-session-affinity.ts). */
export type AffinityMemory = {
  get(key: string): AffinityTarget | undefined | Promise<AffinityTarget | undefined>;
  remember(key: string, target: AffinityTarget): void;
};

/** At most this much of the prefix is hashed: a huge first message costs no more than this. */
export const PREFIX_BUDGET_CHARS = 32 * 1024;
/** Messages of the opening looked at: the leading system messages and the first user message. */
const OPENING_MESSAGES = 8;

export class SessionAffinity implements AffinityMemory {
  private readonly entries = new Map<string, { target: AffinityTarget; expires: number }>();

  constructor(
    private readonly options: { ttlMs: number; maxEntries: number; now?: () => number } = { ttlMs: 5 * 60_000, maxEntries: 50_000 },
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  /** Where the conversation went last, if that was within the TTL. */
  get(key: string): AffinityTarget | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.target;
  }

  /** The conversation was served here: remember it for another TTL, as the most recently used. */
  remember(key: string, target: AffinityTarget): void {
    this.entries.delete(key);
    if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { target, expires: this.now() + this.options.ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }
}

/** How an attempt's credential is named in the affinity memory: `system` or `byok:<id>`. */
export const credentialName = (attempt: Attempt): string => (attempt.credential.type === 'system' ? 'system' : `byok:${attempt.credential.id}`);

export const targetOf = (attempt: Attempt): AffinityTarget => ({ model: attempt.model.id, provider: attempt.provider.slug, credential: credentialName(attempt) });

/**
 * Writes a JSON-like value in a fixed form into `out`, stopping after `budget` characters
 * (strings are cut, not copied whole), so the work is bounded whatever the client sent. One
 * string hashed once: a hash update per member cost more than the walk itself.
 */
function feed(value: unknown, out: string[], budget: { left: number }, depth = 0): void {
  if (budget.left <= 0 || depth > 32) return;
  if (typeof value === 'string') {
    const piece = value.length > budget.left ? value.slice(0, budget.left) : value;
    budget.left -= piece.length + 2;
    out.push('"', piece);
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (const item of value) {
      if (budget.left <= 0) break;
      feed(item, out, budget, depth + 1);
      out.push(',');
    }
    out.push(']');
    budget.left -= 2;
    return;
  }
  if (value && typeof value === 'object') {
    out.push('{');
    // At most 256 members of one object are read (and sorted): a hostile object with a million keys costs no more.
    for (const key of Object.keys(value).slice(0, 256).sort()) {
      if (budget.left <= 0) break;
      if (key === 'cache_control' || key === 'providerOptions') continue;
      out.push(key, ':');
      budget.left -= key.length + 1;
      feed((value as Record<string, unknown>)[key], out, budget, depth + 1);
      out.push(',');
    }
    out.push('}');
    budget.left -= 2;
    return;
  }
  const text = String(value);
  budget.left -= text.length + 1;
  out.push(text);
}

/** The opening of a message list: leading system messages and the first user message (at most a few). */
function opening(messages: unknown): unknown[] {
  if (!Array.isArray(messages)) return typeof messages === 'string' ? [messages] : [];
  const out: unknown[] = [];
  for (const message of messages.slice(0, OPENING_MESSAGES)) {
    out.push(message);
    const role = message && typeof message === 'object' ? (message as { role?: unknown }).role : undefined;
    if (role === 'user' || role === undefined) break;
  }
  return out;
}

/**
 * The conversation key of a request, or undefined when it has no conversation (embeddings).
 * Built from the client's own body, whatever the door: `system` / `instructions`, `tools`, and
 * the opening of `messages` / `input` / `prompt`. Breakpoint markers are left out, so a client
 * that moves its `cache_control` stays on the same key.
 */
export function affinityKey(teamId: string, request: ParsedRequest): string | undefined {
  if (request.embedding) return undefined;
  const body = request.body;
  const messages = body.messages ?? body.input ?? body.prompt;
  if (messages === undefined) return undefined;
  const out: string[] = [teamId, '\0', request.model, '\0'];
  feed({ system: body.system ?? body.instructions ?? null, tools: body.tools ?? null, opening: opening(messages) }, out, { left: PREFIX_BUDGET_CHARS });
  return createHash('sha256').update(out.join('')).digest('base64url');
}

/**
 * The plan with the conversation's last attempt moved to the front, when that attempt is still
 * in the plan (so still allowed by policy and options) and its provider is healthy. Only the
 * requested model's attempts are candidates (they lead the plan), so affinity never puts a
 * fallback model first. The rest keep their order, so a failure still falls back as planned.
 */
export function preferTarget(attempts: Attempt[], target: AffinityTarget | undefined, degraded: (provider: string) => boolean): Attempt[] {
  if (!target || degraded(target.provider) || attempts[0]?.model.id !== target.model) return attempts;
  const index = attempts.findIndex((attempt) => attempt.model.id === target.model && attempt.provider.slug === target.provider && credentialName(attempt) === target.credential);
  if (index <= 0) return attempts;
  return [attempts[index]!, ...attempts.slice(0, index), ...attempts.slice(index + 1)];
}

/** Whether the plan's requested model has more than one provider or credential to choose between. */
function hasChoice(attempts: Attempt[]): boolean {
  const model = attempts[0]?.model.id;
  let candidates = 0;
  for (const attempt of attempts) if (attempt.model.id === model && ++candidates > 1) return true;
  return false;
}

/**
 * The plan with the conversation's last provider and credential first, so its prompt cache is
 * read, and the key to remember the answering attempt under. An explicit `order` in the request
 * wins; `only` and the team's policy already shaped the plan, so affinity never reaches outside them.
 * A plan with one candidate for the requested model has nothing to prefer: no key is hashed
 * (a walk of the prompt's opening and a SHA-256, per call) and nothing is remembered.
 */
export async function withAffinity(input: {
  memory: AffinityMemory | undefined;
  health: { degraded(provider: string): boolean };
  teamId: string;
  request: ParsedRequest;
  attempts: Attempt[];
}): Promise<{ attempts: Attempt[]; key?: string }> {
  const { memory, request, attempts } = input;
  if (!memory || request.options.order?.length || !hasChoice(attempts)) return { attempts };
  const key = affinityKey(input.teamId, request);
  if (!key) return { attempts };
  return { attempts: preferTarget(attempts, await memory.get(key), (provider) => input.health.degraded(provider)), key };
}

/** An attempt answered: the conversation goes back there next time. Only the requested model's own providers are remembered. */
export function rememberServed(memory: AffinityMemory | undefined, key: string | undefined, request: ParsedRequest, attempt: Attempt): void {
  if (memory && key && attempt.model.id === request.model) memory.remember(key, targetOf(attempt));
}

// The behavior script: FIFO queue, default behavior, and resolution of one request's Plan.
// Precedence: queued behavior > in-band directives > setDefault() > built-in default reply.
import { parseDirectives, type Directives } from './directives';
import type { FakeBehavior, Plan } from './types';

const BUILTIN: Plan = { stallMs: 0, cutAfter: null, outcome: { kind: 'reply', reply: {} } };

/** Plan for a behavior; stall/cut wrap whatever `fallback` would have done. */
function planOf(b: FakeBehavior | undefined, fallback: () => Plan): Plan {
  if (!b) return fallback();
  switch (b.kind) {
    case 'error':
      return { stallMs: 0, cutAfter: null, outcome: { kind: 'error', status: b.status, message: b.message, type: b.type } };
    case 'reply':
      return {
        stallMs: 0,
        cutAfter: null,
        outcome: { kind: 'reply', reply: { text: b.text, toolCall: b.toolCall, usage: b.usage, chunkDelayMs: b.chunkDelayMs } },
      };
    case 'stall':
      return { ...fallback(), stallMs: Math.max(0, b.ms) };
    case 'cut':
      return { ...fallback(), cutAfter: Math.max(0, b.afterChunks) };
  }
}

/** Directives either define the outcome (error / reply fields) or only modify the fallback's (stall/cut). */
function planOfDirectives(d: Directives, fallback: () => Plan): Plan {
  const definesReply = d.text !== undefined || d.tool !== undefined || d.usage !== undefined || d.chunkDelayMs !== undefined;
  let base: Plan;
  if (d.error) base = planOf({ kind: 'error', status: d.error.status, message: d.error.message }, fallback);
  else if (definesReply) base = planOf({ kind: 'reply', text: d.text, toolCall: d.tool, usage: d.usage, chunkDelayMs: d.chunkDelayMs }, fallback);
  else base = fallback();
  return { ...base, stallMs: d.stallMs ?? base.stallMs, cutAfter: d.cutAfter ?? base.cutAfter };
}

export class BehaviorScript {
  private queue: FakeBehavior[] = [];
  private fallbackBehavior: FakeBehavior | undefined;

  enqueue(...b: FakeBehavior[]): void {
    this.queue.push(...b);
  }

  setDefault(b: FakeBehavior): void {
    this.fallbackBehavior = b;
  }

  reset(): void {
    this.queue = [];
    this.fallbackBehavior = undefined;
  }

  /** Consume at most one queued behavior and resolve the plan for a request whose last user text is `userText`. */
  next(userText: string): Plan {
    const byDefault = (): Plan => planOf(this.fallbackBehavior, () => BUILTIN);
    const queued = this.queue.shift();
    if (queued) return planOf(queued, byDefault);
    const directives = parseDirectives(userText);
    return directives ? planOfDirectives(directives, byDefault) : byDefault();
  }
}

/**
 * What this instance has observed of each provider: time to first token and throughput
 * per (provider, model) as moving averages, and a circuit breaker per provider that
 * deprioritises it for a while after a burst of failures. Observations are local to the
 * instance on purpose: they describe the path from here.
 */
const WINDOW = 20;
const WINDOW_MS = 60_000;
const MIN_SAMPLES = 5;
const OPEN_RATE = 0.5;
const OPEN_FOR_MS = 30_000;
const ALPHA = 0.2;
export const DEFAULT_TTFT_MS = 1_000;
export const DEFAULT_TPS = 50;

type Outcome = { at: number; ok: boolean };

export type ProviderHealthView = { provider: string; samples: number; errorRate: number; circuitOpenUntil: string | null };

export class ProviderHealth {
  private readonly outcomes = new Map<string, Outcome[]>();
  private readonly openUntil = new Map<string, number>();
  private readonly ttft = new Map<string, number>();
  private readonly tps = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  record(event: { provider: string; model: string; ok: boolean; ttftMs?: number | null; outputTokens?: number; streamMs?: number }): void {
    const at = this.now();
    const list = (this.outcomes.get(event.provider) ?? []).filter((outcome) => at - outcome.at < WINDOW_MS).slice(-(WINDOW - 1));
    list.push({ at, ok: event.ok });
    this.outcomes.set(event.provider, list);
    const failures = list.filter((outcome) => !outcome.ok).length;
    if (list.length >= MIN_SAMPLES && failures / list.length >= OPEN_RATE) this.openUntil.set(event.provider, at + OPEN_FOR_MS);
    if (event.ok) {
      const key = `${event.provider}|${event.model}`;
      if (event.ttftMs != null) this.ttft.set(key, average(this.ttft.get(key), event.ttftMs));
      if (event.outputTokens && event.streamMs && event.streamMs > 0) this.tps.set(key, average(this.tps.get(key), (event.outputTokens * 1000) / event.streamMs));
    }
  }

  /** True while the provider's circuit is open: it is tried after every healthy one. */
  degraded(provider: string): boolean {
    return (this.openUntil.get(provider) ?? 0) > this.now();
  }

  ttftMs(provider: string, model: string): number {
    return this.ttft.get(`${provider}|${model}`) ?? DEFAULT_TTFT_MS;
  }

  tokensPerSecond(provider: string, model: string): number {
    return this.tps.get(`${provider}|${model}`) ?? DEFAULT_TPS;
  }

  view(): ProviderHealthView[] {
    const at = this.now();
    return [...this.outcomes.entries()].map(([provider, list]) => {
      const recent = list.filter((outcome) => at - outcome.at < WINDOW_MS);
      const until = this.openUntil.get(provider) ?? 0;
      return {
        provider,
        samples: recent.length,
        errorRate: recent.length === 0 ? 0 : recent.filter((outcome) => !outcome.ok).length / recent.length,
        circuitOpenUntil: until > at ? new Date(until).toISOString() : null,
      };
    });
  }
}

function average(previous: number | undefined, sample: number): number {
  return previous === undefined ? sample : previous + ALPHA * (sample - previous);
}

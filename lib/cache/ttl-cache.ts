/**
 * A small in-process cache for hot-path reads. Concurrent misses for one key share a
 * single load, so a burst of requests with a new key costs one query.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  private readonly loading = new Map<string, Promise<V>>();
  /** Loads overtaken by `set` or `delete` while in flight: their (older) result is not kept. */
  private readonly overtaken = new Set<Promise<V>>();

  constructor(private readonly ttlMs: number, private readonly maxEntries = 10_000) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const promise: Promise<V> = load()
      .then((value) => {
        if (!this.overtaken.delete(promise)) this.store(key, value);
        return value;
      })
      .finally(() => {
        this.overtaken.delete(promise);
        if (this.loading.get(key) === promise) this.loading.delete(key);
      });
    this.loading.set(key, promise);
    return promise;
  }

  /** A value known to be current (say, returned by the write that changed it), fresh for a full TTL. */
  set(key: string, value: V): void {
    this.overtake(key);
    this.store(key, value);
  }

  delete(key: string): void {
    this.overtake(key);
    this.entries.delete(key);
  }

  private store(key: string, value: V) {
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
  }

  private overtake(key: string) {
    const pending = this.loading.get(key);
    if (!pending) return;
    this.overtaken.add(pending);
    this.loading.delete(key);
  }

  clear(): void {
    for (const pending of this.loading.values()) this.overtaken.add(pending);
    this.loading.clear();
    this.entries.clear();
  }
}

/**
 * Bounds a metric label's cardinality: the first `limit` distinct values are kept as they
 * are, every later one becomes `other`. A label's series live as long as the process, so a
 * flood of distinct values (teams created by a script, models a client made up) must not
 * grow the registry without end.
 */
export class LabelCap {
  private readonly seen = new Set<string>();

  constructor(private readonly limit: number) {}

  label(value: string | null | undefined): string {
    if (!value) return 'none';
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.limit) return 'other';
    this.seen.add(value);
    return value;
  }
}

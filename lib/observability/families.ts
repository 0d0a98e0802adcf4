/** A sample as prom-client's registry formats it (`metricName` for a histogram's parts). */
type Sample = { metricName?: string; labels: Record<string, string>; value: number };

/** prom-client's registry reads any registered object with these members (see `registerMetric`). */
export type Collectable = { name: string; help: string; type: 'counter' | 'histogram'; aggregator: 'sum'; get(): { name: string; help: string; type: string; aggregator: 'sum'; values: Sample[] } };

/** One labelled counter: the hot path adds to `value`. */
export type CounterCell = { labels: Record<string, string>; value: number };
/** One labelled histogram: `counts[i]` observations fell in bucket i (the last is +Inf). */
export type HistogramCell = { labels: Record<string, string>; counts: Float64Array; sum: number; count: number };

const toLabels = (names: readonly string[], values: readonly string[]) => Object.fromEntries(names.map((name, index) => [name, values[index]]));

/**
 * A counter family kept as plain numbers, looked up by a key the caller joins from its label
 * values. prom-client's own children hash and validate their labels on every increment (about
 * 1 µs each, several per request); here a request costs a map lookup and an addition, and the
 * text is built only when scraped.
 */
export class CounterFamily implements Collectable {
  readonly type = 'counter' as const;
  readonly aggregator = 'sum' as const;
  private readonly cells = new Map<string, CounterCell>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
  ) {}

  cell(key: string, labelValues: readonly string[]): CounterCell {
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { labels: toLabels(this.labelNames, labelValues), value: 0 }));
    return cell;
  }

  get() {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: [...this.cells.values()].map(({ labels, value }) => ({ labels, value })) };
  }
}

/** A histogram family kept as plain numbers (see CounterFamily). */
export class HistogramFamily implements Collectable {
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  private readonly cells = new Map<string, HistogramCell>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    private readonly bounds: readonly number[],
  ) {}

  cell(key: string, labelValues: readonly string[]): HistogramCell {
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { labels: toLabels(this.labelNames, labelValues), counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 }));
    return cell;
  }

  observe(cell: HistogramCell, value: number): void {
    let index = 0;
    while (index < this.bounds.length && value > this.bounds[index]) index++;
    cell.counts[index] += 1;
    cell.sum += value;
    cell.count += 1;
  }

  get() {
    const values: Sample[] = [];
    for (const cell of this.cells.values()) {
      let cumulative = 0;
      for (let index = 0; index <= this.bounds.length; index++) {
        cumulative += cell.counts[index];
        const le = index < this.bounds.length ? String(this.bounds[index]) : '+Inf';
        values.push({ metricName: `${this.name}_bucket`, labels: { ...cell.labels, le }, value: cumulative });
      }
      values.push({ metricName: `${this.name}_sum`, labels: cell.labels, value: cell.sum });
      values.push({ metricName: `${this.name}_count`, labels: cell.labels, value: cell.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}

import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CounterFamily, HistogramFamily } from './families';

describe('plain-number metric families', () => {
  it("render as prom-client's own counters and cumulative histograms would", async () => {
    const registry = new Registry();
    const counter = new CounterFamily('test_calls_total', 'Calls.', ['door']);
    const histogram = new HistogramFamily('test_seconds', 'Seconds.', ['door'], [0.1, 1]);
    registry.registerMetric(counter as never);
    registry.registerMetric(histogram as never);
    counter.cell('a', ['a']).value += 2;
    const cell = histogram.cell('a', ['a']);
    for (const value of [0.05, 0.1, 0.5, 3]) histogram.observe(cell, value);
    expect(await registry.metrics()).toBe(
      [
        '# HELP test_calls_total Calls.',
        '# TYPE test_calls_total counter',
        'test_calls_total{door="a"} 2',
        '',
        '# HELP test_seconds Seconds.',
        '# TYPE test_seconds histogram',
        'test_seconds_bucket{door="a",le="0.1"} 2',
        'test_seconds_bucket{door="a",le="1"} 3',
        'test_seconds_bucket{door="a",le="+Inf"} 4',
        'test_seconds_sum{door="a"} 3.65',
        'test_seconds_count{door="a"} 4',
        '',
      ].join('\n'),
    );
  });
});

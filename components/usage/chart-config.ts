/** A chart's series: the key in each data point, its label and its color (shadcn/openstatus style). */
export type ChartConfig = Record<string, { label: string; color: string; dashed?: boolean }>;

const palette = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)', 'var(--chart-6)', 'var(--chart-7)', 'var(--chart-8)'];
const otherColor = 'var(--chart-other)';

/**
 * Series keys are `s0`, `s1`, … rather than model names: recharts reads a dataKey with dots
 * ("gemini-2.5-pro") as a nested path.
 */
export function seriesConfig(series: Array<{ name: string; other: boolean }>): ChartConfig {
  return Object.fromEntries(series.map((item, index) => [`s${index}`, { label: item.name, color: item.other ? otherColor : palette[index % palette.length] }]));
}

export const tokenChartConfig = {
  inputTokens: { label: 'Input tokens', color: 'var(--chart-1)' },
  outputTokens: { label: 'Output tokens', color: 'var(--chart-3)' },
} satisfies ChartConfig;

export const latencyChartConfig = {
  p50: { label: 'Latency p50', color: 'var(--chart-1)' },
  p95: { label: 'Latency p95', color: 'var(--chart-8)' },
  ttft: { label: 'Time to first token p50', color: 'var(--chart-4)', dashed: true },
} satisfies ChartConfig;

export const errorChartConfig = {
  errorRate: { label: 'Error rate', color: 'var(--chart-8)' },
} satisfies ChartConfig;

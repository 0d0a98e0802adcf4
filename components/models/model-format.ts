import { formatDollars } from '@/lib/console/format';

/** Catalog prices are micro-dollars per million tokens, so they read directly as $ per 1M. */
export function pricePerMillion(micros: number | null): string {
  if (micros === null) return '—';
  return micros === 0 ? 'free' : formatDollars(micros);
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** 128000 → "128K", 1048576 → "1M". */
export function formatTokenCount(value: number | null): string {
  return value === null ? '—' : compact.format(value);
}

export const capabilityLabels: Record<string, string> = {
  'tool-use': 'Tools',
  vision: 'Vision',
  reasoning: 'Reasoning',
  'structured-output': 'Structured output',
  'implicit-caching': 'Caching',
  embeddings: 'Embeddings',
};

/** The console path of a model's page; ids keep their slash (`openai/gpt-4o`). */
export function modelHref(team: string, id: string): string {
  return `/t/${team}/models/${id.split('/').map(encodeURIComponent).join('/')}`;
}

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

export const kindLabels: Record<string, string> = {
  language: 'Text',
  embedding: 'Embedding',
  image: 'Image',
  speech: 'Speech',
  transcription: 'Transcription',
  rerank: 'Rerank',
};

const unitNames: Record<string, [one: string, many: string]> = {
  image: ['image', 'images'],
  character: ['character', 'characters'],
  second: ['second', 'seconds'],
  search: ['search', 'searches'],
  request: ['request', 'requests'],
};

/**
 * A unit price (micro-dollars per million units) in the unit people quote it in: per image, per
 * 1M characters, per minute of audio.
 */
export function unitPriceLabel(unitPrice: number | null | undefined, unit: string | null | undefined): string | null {
  if (!unitPrice || !unit) return null;
  if (unit === 'character') return `${formatDollars(unitPrice)} / 1M characters`;
  if (unit === 'second') return `${formatDollars(Math.round((unitPrice * 60) / 1_000_000))} / minute`;
  return `${formatDollars(Math.round(unitPrice / 1_000_000))} / ${unitNames[unit]?.[0] ?? unit}`;
}

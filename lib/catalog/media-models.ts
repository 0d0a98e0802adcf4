import type { ModelKind, PriceUnit } from '@/db/schema';
import type { NewModel, NewOffering } from '@/db/queries/catalog';

/**
 * OpenAI's image, speech and transcription models, which models.dev does not list, with
 * OpenAI's published prices. Token-priced models (gpt-image-1: $5/MTok text in, $40/MTok image
 * out) carry token prices and no unit price, so an image is never charged twice; unit-priced
 * ones carry a price per image, character or second (integer micro-dollars per million units).
 */
type MediaEntry = {
  id: string;
  name: string;
  kind: Extract<ModelKind, 'image' | 'speech' | 'transcription'>;
  /** Dollars per million tokens, for models OpenAI bills by tokens. */
  tokens?: { input: number; output: number };
  /** Dollars per one unit. */
  unit?: { unit: PriceUnit; dollars: number };
  /** Output tokens one image may take (gpt-image-1 at high quality, 1536×1024: 6,208). */
  maxOutputTokens?: number;
  inputModalities: string[];
  releasedAt: string;
};

const entries: MediaEntry[] = [
  { id: 'gpt-image-1', name: 'GPT Image 1', kind: 'image', tokens: { input: 5, output: 40 }, maxOutputTokens: 6_240, inputModalities: ['text', 'image'], releasedAt: '2025-04-23' },
  { id: 'dall-e-3', name: 'DALL·E 3', kind: 'image', unit: { unit: 'image', dollars: 0.04 }, inputModalities: ['text'], releasedAt: '2023-10-19' },
  { id: 'tts-1', name: 'TTS 1', kind: 'speech', unit: { unit: 'character', dollars: 15 / 1_000_000 }, inputModalities: ['text'], releasedAt: '2023-11-06' },
  { id: 'tts-1-hd', name: 'TTS 1 HD', kind: 'speech', unit: { unit: 'character', dollars: 30 / 1_000_000 }, inputModalities: ['text'], releasedAt: '2023-11-06' },
  // Billed by OpenAI as $0.60/MTok text in and $12/MTok audio out, about $0.015 a minute: priced
  // here per character at tts-1's rate, since the speech endpoint reports no usage to meter.
  { id: 'gpt-4o-mini-tts', name: 'GPT-4o mini TTS', kind: 'speech', unit: { unit: 'character', dollars: 15 / 1_000_000 }, inputModalities: ['text'], releasedAt: '2025-03-20' },
  { id: 'whisper-1', name: 'Whisper', kind: 'transcription', unit: { unit: 'second', dollars: 0.006 / 60 }, inputModalities: ['audio'], releasedAt: '2023-03-01' },
  { id: 'gpt-4o-transcribe', name: 'GPT-4o Transcribe', kind: 'transcription', unit: { unit: 'second', dollars: 0.006 / 60 }, inputModalities: ['audio'], releasedAt: '2025-03-20' },
  { id: 'gpt-4o-mini-transcribe', name: 'GPT-4o mini Transcribe', kind: 'transcription', unit: { unit: 'second', dollars: 0.003 / 60 }, inputModalities: ['audio'], releasedAt: '2025-03-20' },
];

const micros = (dollars: number) => Math.round(dollars * 1_000_000);

export function mediaSeedCatalog(): { models: NewModel[]; offerings: NewOffering[] } {
  return {
    models: entries.map((entry) => ({
      id: `openai/${entry.id}`,
      name: entry.name,
      creator: 'openai',
      kind: entry.kind,
      contextWindow: null,
      maxOutputTokens: entry.maxOutputTokens ?? null,
      capabilities: [],
      inputModalities: entry.inputModalities,
      releasedAt: entry.releasedAt,
      source: 'catalog',
    })),
    offerings: entries.map((entry) => ({
      modelId: `openai/${entry.id}`,
      provider: 'openai',
      upstreamModelId: entry.id,
      inputPrice: micros(entry.tokens?.input ?? 0),
      outputPrice: micros(entry.tokens?.output ?? 0),
      cacheReadPrice: null,
      cacheWritePrice: null,
      // Per million units: $0.04 an image is 40,000 µ$ an image, 40,000,000,000 per million.
      unitPrice: entry.unit ? Math.round(entry.unit.dollars * 1_000_000 * 1_000_000) : null,
      priceUnit: entry.unit?.unit ?? (entry.kind === 'image' ? 'image' : null),
      source: 'catalog',
    })),
  };
}

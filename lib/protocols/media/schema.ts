import { z } from 'zod';
import { gatewayOptionsSchema } from '../shared/gateway-options';

const model = z.string({ error: 'you must provide a model parameter' }).min(1, 'you must provide a model parameter').max(256);
const providerOptions = z.looseObject({ gateway: gatewayOptionsSchema }).optional();

/** OpenAI `POST /v1/images/generations` (openai `ImageGenerateParams`): lenient, only what routing and holds read. */
export const imageGenerationSchema = z.looseObject({
  model,
  prompt: z.string({ error: 'prompt is required' }).min(1, 'prompt is required').max(32_000),
  n: z.number().int().min(1).max(10).optional(),
  size: z.string().max(32).optional(),
  user: z.string().max(256).optional(),
  stream: z.boolean().optional(),
  providerOptions,
});

/** OpenAI `POST /v1/audio/speech` (openai `SpeechCreateParams`); OpenAI's own limit is 4,096 characters. */
export const speechSchema = z.looseObject({
  model,
  input: z.string({ error: 'input is required' }).min(1, 'input is required').max(4_096),
  voice: z.union([z.string().max(64), z.looseObject({ id: z.string().max(128) })], { error: 'voice is required' }),
  instructions: z.string().max(4_096).optional(),
  response_format: z.enum(['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm']).optional(),
  speed: z.number().min(0.25).max(4).optional(),
  stream_format: z.enum(['audio', 'sse']).optional(),
  providerOptions,
});

/** The text fields of OpenAI's multipart uploads (`TranscriptionCreateParams`, `ImageEditParams`). */
export const transcriptionFieldsSchema = z.object({
  model,
  language: z.string().max(32).optional(),
  prompt: z.string().max(8_192).optional(),
  response_format: z.enum(['json', 'text', 'srt', 'verbose_json', 'vtt', 'diarized_json']).optional(),
  stream: z.enum(['true', 'false']).optional(),
});

export const imageEditFieldsSchema = z.object({
  model,
  prompt: z.string({ error: 'prompt is required' }).min(1, 'prompt is required').max(32_000),
  n: z.coerce.number().int().min(1).max(10).optional(),
  size: z.string().max(32).optional(),
  user: z.string().max(256).optional(),
  stream: z.enum(['true', 'false']).optional(),
});

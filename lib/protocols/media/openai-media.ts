import { GatewayError } from '../../gateway/errors';
import type { ClientProtocolAdapter, GatewayOptions, MediaCall, ParsedRequest } from '../../gateway/types';
import { openAIErrorBody } from '../openai-chat/errors';
import { estimateTokensOf } from '../shared/estimate-tokens';
import { filesOf, requiredFile, textFields } from './form';
import { imageEditFieldsSchema, imageGenerationSchema, speechSchema, transcriptionFieldsSchema } from './schema';

function notAvailable(): never {
  throw new GatewayError('internal', 'Media calls have no chat output');
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body) || body instanceof FormData) throw new GatewayError('invalid_request', 'Invalid request: the body must be a JSON object');
  return body as Record<string, unknown>;
}

function formBody(body: unknown): FormData {
  if (!(body instanceof FormData)) throw new GatewayError('invalid_request', 'Invalid request: the body must be multipart/form-data');
  return body;
}

const sizeOf = (size: string | undefined) => (size && /^\d+x\d+$/.test(size) ? (size as `${number}x${number}`) : undefined);

function request(model: string, options: GatewayOptions, body: Record<string, unknown>, media: MediaCall, estimatedInputTokens: number, stream = false): ParsedRequest {
  // No output tokens to hold or count against token limits beyond what the catalog's cap says.
  return { model, stream, options, body, toCallOptions: notAvailable, estimatedInputTokens, maxOutputTokens: 0, media };
}

/** What every OpenAI media door shares: OpenAI's error envelope, no chat output. */
const openAIMediaDoor = {
  native: null,
  passthrough: null,
  serializeResult: notAvailable,
  streamSerializer: notAvailable,
  streamError: () => [],
  errorBody: openAIErrorBody,
} satisfies Partial<ClientProtocolAdapter>;

/** OpenAI `POST /v1/images/generations`. */
export const openAIImages: ClientProtocolAdapter = {
  ...openAIMediaDoor,
  id: 'images',
  parse(body) {
    const json = objectBody(body);
    const result = imageGenerationSchema.safeParse(json);
    if (!result.success) throw GatewayError.fromZod(result.error);
    const input = result.data;
    if (input.stream) throw new GatewayError('invalid_request', 'Streamed image generation is not supported by Gatehouse; leave out `stream`.', { param: 'stream' });
    const gateway = input.providerOptions?.gateway ?? {};
    const { providerOptions: _gatewayOnly, ...forwarded } = json;
    const n = input.n ?? 1;
    return request(input.model, { ...gateway, user: gateway.user ?? input.user }, json, {
      kind: 'image',
      call: { prompt: input.prompt, n, size: sizeOf(input.size), aspectRatio: undefined, seed: undefined, files: undefined, mask: undefined, providerOptions: {} },
      forward: { path: '/images/generations', json: forwarded },
    }, estimateTokensOf(input.prompt));
  },
};

/** OpenAI `POST /v1/images/edits` (multipart: `image` or `image[]`, optional `mask`). */
export const openAIImageEdits: ClientProtocolAdapter = {
  ...openAIMediaDoor,
  id: 'images',
  bodyFormat: 'multipart',
  parse(body) {
    const form = formBody(body);
    const result = imageEditFieldsSchema.safeParse(textFields(form));
    if (!result.success) throw GatewayError.fromZod(result.error);
    const input = result.data;
    if (input.stream === 'true') throw new GatewayError('invalid_request', 'Streamed image edits are not supported by Gatehouse; leave out `stream`.', { param: 'stream' });
    if (filesOf(form, 'image').length === 0) throw new GatewayError('invalid_request', "Invalid request: 'image' must be an uploaded file", { param: 'image' });
    const n = input.n ?? 1;
    return request(input.model, { user: input.user }, { model: input.model }, {
      kind: 'image',
      // The files travel in the forwarded form; they are read only if a translation needs them.
      call: { prompt: input.prompt, n, size: sizeOf(input.size), aspectRatio: undefined, seed: undefined, files: undefined, mask: undefined, providerOptions: {} },
      forward: { path: '/images/edits', form },
    }, estimateTokensOf(input.prompt));
  },
};

/** OpenAI `POST /v1/audio/speech`: JSON in, audio bytes streamed back as the upstream sends them. */
export const openAISpeech: ClientProtocolAdapter = {
  ...openAIMediaDoor,
  id: 'speech',
  parse(body) {
    const json = objectBody(body);
    const result = speechSchema.safeParse(json);
    if (!result.success) throw GatewayError.fromZod(result.error);
    const input = result.data;
    const gateway = input.providerOptions?.gateway ?? {};
    const { providerOptions: _gatewayOnly, ...forwarded } = json;
    return request(input.model, gateway, json, {
      kind: 'speech',
      call: {
        text: input.input,
        voice: typeof input.voice === 'string' ? input.voice : input.voice.id,
        outputFormat: input.response_format,
        instructions: input.instructions,
        speed: input.speed,
      },
      forward: { path: '/audio/speech', json: forwarded },
    }, estimateTokensOf(input.input), true);
  },
};

/** OpenAI `POST /v1/audio/transcriptions` (multipart: `file`, `model`, options). */
export const openAITranscriptions: ClientProtocolAdapter = {
  ...openAIMediaDoor,
  id: 'transcription',
  bodyFormat: 'multipart',
  parse(body) {
    const form = formBody(body);
    const result = transcriptionFieldsSchema.safeParse(textFields(form));
    if (!result.success) throw GatewayError.fromZod(result.error);
    const input = result.data;
    if (input.stream === 'true') throw new GatewayError('invalid_request', 'Streamed transcription is not supported by Gatehouse; leave out `stream`.', { param: 'stream' });
    const file = requiredFile(form, 'file');
    return request(input.model, {}, { model: input.model }, {
      kind: 'transcription',
      call: { audio: new Uint8Array(0), mediaType: file.type || 'application/octet-stream' },
      audioBytes: file.size,
      forward: { path: '/audio/transcriptions', form },
    }, 0);
  },
};

import type { ImageModelV4File, SharedV4ProviderMetadata, SharedV4ProviderOptions, SharedV4Warning } from '@ai-sdk/provider';
import { z } from 'zod';
import { GatewayError } from '../../gateway/errors';
import type { HeaderReader, MediaCall, MediaResult, ParsedRequest, ResponseIdentity, Usage } from '../../gateway/types';
import { estimateTokensOf } from '../shared/estimate-tokens';
import { readGatewayOptions } from './gateway-options';
import { modelIdFromHeaders, type ModelKind } from './model-headers';
import { withGatewayMetadata } from './provider-metadata';
import { toWireWarnings } from './to-wire';
import type { SpecVersion } from './spec-version';

export type MediaKind = Extract<ModelKind, 'image' | 'speech' | 'transcription'>;

const providerOptions = z.record(z.string(), z.record(z.string(), z.unknown())).optional();

// Only inline files: a URL would be fetched by the provider package outside the guarded network.
const imageFile = z.looseObject({ type: z.literal('file'), mediaType: z.string().min(1).max(128), data: z.string() });

/** `@ai-sdk/gateway`'s GatewayImageModel body (`POST {base}/image-model`). */
const imageBody = z.looseObject({
  prompt: z.string().max(32_000).optional(),
  n: z.number().int().min(1).max(10),
  size: z.string().regex(/^\d+x\d+$/).optional(),
  aspectRatio: z.string().regex(/^\d+:\d+$/).optional(),
  seed: z.number().int().optional(),
  files: z.array(imageFile, { error: 'only inline files (type "file" with base64 data) are accepted' }).max(16).optional(),
  mask: imageFile.optional(),
  providerOptions,
});

/** GatewaySpeechModel body (`POST {base}/speech-model`). */
const speechBody = z.looseObject({
  text: z.string().min(1).max(4_096),
  voice: z.string().max(128).optional(),
  outputFormat: z.string().max(32).optional(),
  instructions: z.string().max(4_096).optional(),
  speed: z.number().min(0.25).max(4).optional(),
  language: z.string().max(32).optional(),
  providerOptions,
});

/** GatewayTranscriptionModel body (`POST {base}/transcription-model`): the audio in base64. */
const transcriptionBody = z.looseObject({
  audio: z.string().min(1),
  mediaType: z.string().min(1).max(128),
  providerOptions,
});

function notAvailable(): never {
  throw new GatewayError('internal', 'Media calls have no language-model output');
}

function split(raw: Record<string, Record<string, unknown>> | undefined) {
  const { gateway, ...rest } = raw ?? {};
  return { gateway, providerOptions: rest as SharedV4ProviderOptions };
}

/** One AI SDK media call as the pipeline's request; `warnings` go back with the answer. */
export function parseAiSdkMediaCall(kind: MediaKind, body: Record<string, unknown>, headers: HeaderReader, version: SpecVersion): ParsedRequest & { aiSdk: { version: SpecVersion; warnings: SharedV4Warning[] } } {
  const model = modelIdFromHeaders(headers, kind);
  const schema = kind === 'image' ? imageBody : kind === 'speech' ? speechBody : transcriptionBody;
  const result = schema.safeParse(body);
  if (!result.success) throw GatewayError.fromZod(result.error);
  let media: MediaCall;
  let text = '';
  let gatewayRaw: unknown;
  if (kind === 'image') {
    const input = result.data as z.infer<typeof imageBody>;
    const { gateway, providerOptions } = split(input.providerOptions);
    gatewayRaw = gateway;
    text = input.prompt ?? '';
    const file = (entry: z.infer<typeof imageFile>): ImageModelV4File => ({ type: 'file', mediaType: entry.mediaType, data: entry.data });
    media = {
      kind,
      call: {
        prompt: input.prompt,
        n: input.n,
        size: input.size as `${number}x${number}` | undefined,
        aspectRatio: input.aspectRatio as `${number}:${number}` | undefined,
        seed: input.seed,
        files: input.files?.map(file),
        mask: input.mask ? file(input.mask) : undefined,
        providerOptions,
      },
    };
  } else if (kind === 'speech') {
    const input = result.data as z.infer<typeof speechBody>;
    const { gateway, providerOptions } = split(input.providerOptions);
    gatewayRaw = gateway;
    text = input.text;
    media = { kind, call: { text: input.text, voice: input.voice, outputFormat: input.outputFormat, instructions: input.instructions, speed: input.speed, language: input.language, providerOptions } };
  } else {
    const input = result.data as z.infer<typeof transcriptionBody>;
    const { gateway, providerOptions } = split(input.providerOptions);
    gatewayRaw = gateway;
    const audio = Buffer.from(input.audio, 'base64');
    if (audio.byteLength === 0) throw new GatewayError('invalid_request', "Invalid request: 'audio' must be base64-encoded audio", { param: 'audio' });
    media = { kind, call: { audio: new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength), mediaType: input.mediaType, providerOptions }, audioBytes: audio.byteLength };
  }
  const { options, warnings } = readGatewayOptions(gatewayRaw);
  return { model, stream: false, options, body, toCallOptions: notAvailable, estimatedInputTokens: estimateTokensOf(text), maxOutputTokens: 0, media, aiSdk: { version, warnings } };
}

const base64 = (data: string | Uint8Array) => (typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'));

/** The JSON each `@ai-sdk/gateway` media model parses (its `gateway*ResponseSchema`). */
export function serializeAiSdkMedia(result: MediaResult, identity: ResponseIdentity, version: SpecVersion, warnings: SharedV4Warning[], usage: Usage) {
  const all = toWireWarnings([...warnings, ...result.result.warnings], version);
  const providerMetadata = withGatewayMetadata(result.result.providerMetadata as SharedV4ProviderMetadata | undefined, identity, { usage });
  if (result.kind === 'image') {
    const images = result.result.images.map(base64);
    const reported = result.result.usage;
    return { images, warnings: all, providerMetadata, ...(reported ? { usage: { inputTokens: reported.inputTokens ?? null, outputTokens: reported.outputTokens ?? null, totalTokens: reported.totalTokens ?? null } } : {}) };
  }
  if (result.kind === 'speech') {
    return { audio: base64(result.result.audio), warnings: all, providerMetadata, usage: { ...result.result.usage, characters: usage.units?.quantity ?? 0 } };
  }
  const transcript = result.result;
  return {
    text: transcript.text,
    segments: transcript.segments,
    ...(transcript.words ? { words: transcript.words } : {}),
    language: transcript.language ?? null,
    durationInSeconds: transcript.durationInSeconds ?? null,
    warnings: all,
    providerMetadata,
    ...(transcript.usage ? { usage: transcript.usage } : {}),
  };
}

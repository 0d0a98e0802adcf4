import fc from 'fast-check';
import { hostileString } from './hostile';

/** A model door: its path, the headers its clients send besides auth, and valid bodies to mutate. */
export type ModelDoor = { path: string; headers: Array<[string, string]>; bodies: unknown[] };

const gateway = { user: 'fuzz-user', tags: ['fuzz'], models: ['anthropic/claude-sonnet-4'], order: ['openai'] };
const prompt = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
];
const aiSdkHeaders = (version: string, streaming: boolean): Array<[string, string]> => [
  ['ai-gateway-protocol-version', '0.0.1'],
  ['ai-gateway-auth-method', 'api-key'],
  ['ai-language-model-id', 'openai/gpt-4o'],
  ['ai-language-model-specification-version', version],
  ['ai-language-model-streaming', String(streaming)],
];
const aiSdkEmbeddingHeaders = (version: string): Array<[string, string]> => [
  ['ai-gateway-protocol-version', '0.0.1'],
  ['ai-model-id', 'openai/text-embedding-3-small'],
  ['ai-embedding-model-specification-version', version],
];

export const modelDoors: ModelDoor[] = [
  {
    path: '/v1/chat/completions',
    headers: [],
    bodies: [false, true].map((stream) => ({
      model: 'openai/gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      ],
      max_tokens: 16,
      temperature: 0.5,
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
      user: 'end-user',
      providerOptions: { gateway },
    })),
  },
  {
    path: '/v1/responses',
    headers: [],
    bodies: [false, true].map((stream) => ({
      model: 'openai/gpt-4o',
      instructions: 'Be brief.',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }],
      max_output_tokens: 16,
      stream,
      metadata: { purpose: 'fuzz' },
      providerOptions: { gateway },
    })),
  },
  {
    path: '/v1/messages',
    headers: [['anthropic-version', '2023-06-01']],
    bodies: [false, true].map((stream) => ({
      model: 'anthropic/claude-sonnet-4',
      system: 'Be brief.',
      max_tokens: 16,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stream,
      metadata: { user_id: 'end-user' },
      providerOptions: { gateway: { ...gateway, models: ['openai/gpt-4o'], order: ['anthropic'] } },
    })),
  },
  {
    path: '/v1/embeddings',
    headers: [],
    bodies: [
      { model: 'openai/text-embedding-3-small', input: ['Hi', 'there'], dimensions: 4, encoding_format: 'float', user: 'end-user' },
      { model: 'openai/text-embedding-3-small', input: 'Hi', providerOptions: { gateway: { only: ['openai'], user: 'u', tags: ['t'] } } },
    ],
  },
  {
    path: '/v1/rerank',
    headers: [],
    bodies: [
      { model: 'cohere/rerank-v3.5', query: 'capital of France', documents: ['Paris', 'Berlin'], top_n: 1, return_documents: true, user: 'end-user' },
      { model: 'cohere/rerank-v3.5', query: 'q', documents: [{ text: 'a', id: 1 }], max_tokens_per_doc: 64, providerOptions: { gateway } },
    ],
  },
  {
    path: '/v4/ai/reranking-model',
    headers: [
      ['ai-gateway-protocol-version', '0.0.1'],
      ['ai-model-id', 'cohere/rerank-v3.5'],
      ['ai-reranking-model-specification-version', '4'],
    ],
    bodies: [
      { documents: { type: 'text', values: ['Paris', 'Berlin'] }, query: 'capital of France', topN: 1, providerOptions: { gateway: { only: ['cohere'], user: 'u' } } },
      { documents: { type: 'object', values: [{ title: 'a' }] }, query: 'q', providerOptions: { cohere: { maxTokensPerDoc: 64 } } },
    ],
  },
  {
    path: '/v1/images/generations',
    headers: [],
    bodies: [{ model: 'openai/gpt-image-1', prompt: 'a fox', n: 2, size: '1024x1024', quality: 'low', user: 'end-user', providerOptions: { gateway } }],
  },
  {
    path: '/v1/audio/speech',
    headers: [],
    bodies: [{ model: 'openai/tts-1', input: 'Hi there', voice: 'alloy', response_format: 'mp3', speed: 1.25 }],
  },
  // Multipart doors: every mutated JSON body must be a 400 in OpenAI's envelope.
  { path: '/v1/audio/transcriptions', headers: [], bodies: [{ model: 'openai/whisper-1' }] },
  {
    path: '/v4/ai/image-model',
    headers: [['ai-gateway-protocol-version', '0.0.1'], ['ai-model-id', 'openai/gpt-image-1'], ['ai-image-model-specification-version', '4']],
    bodies: [{ prompt: 'a fox', n: 1, size: '1024x1024', providerOptions: { gateway: { only: ['openai'], user: 'u' }, openai: { quality: 'low' } } }],
  },
  {
    path: '/v4/ai/speech-model',
    headers: [['ai-gateway-protocol-version', '0.0.1'], ['ai-model-id', 'openai/tts-1'], ['ai-speech-model-specification-version', '4']],
    bodies: [{ text: 'Hi there', voice: 'alloy', outputFormat: 'mp3' }],
  },
  {
    path: '/v4/ai/transcription-model',
    headers: [['ai-gateway-protocol-version', '0.0.1'], ['ai-model-id', 'openai/whisper-1'], ['ai-transcription-model-specification-version', '4']],
    bodies: [{ audio: Buffer.alloc(3_000, 1).toString('base64'), mediaType: 'audio/mpeg' }],
  },
  ...(['4', '3', '1'] as const).flatMap((generation): ModelDoor[] => {
    const version = generation === '4' ? '4' : generation === '3' ? '3' : '2';
    return [
      {
        path: `/v${generation}/ai/language-model`,
        headers: aiSdkHeaders(version, false),
        bodies: [{ prompt, maxOutputTokens: 16, temperature: 0.5, providerOptions: { gateway }, headers: { 'user-agent': 'fuzz' } }],
      },
      {
        path: `/v${generation}/ai/language-model`,
        headers: aiSdkHeaders(version, true),
        bodies: [{ prompt, maxOutputTokens: 16, includeRawChunks: false, providerOptions: { gateway } }],
      },
      {
        path: `/v${generation}/ai/embedding-model`,
        headers: aiSdkEmbeddingHeaders(version),
        bodies: [generation === '1' ? { input: ['Hi'] } : { values: ['Hi', 'there'], providerOptions: { gateway: { only: ['openai'], user: 'u', tags: ['t'] } } }],
      },
    ];
  }),
];

/** Header values as raw bytes: UTF-8 of hostile text (CR and LF folded so the request stays one request), or latin1 bytes. */
export const headerValue: fc.Arbitrary<Buffer> = fc.oneof(
  hostileString.map((text) => Buffer.from(text.replace(/[\r\n]/g, ' ').slice(0, 20_000), 'utf8')),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(Array.from(bytes, (byte) => (byte === 13 || byte === 10 ? 32 : byte)))),
);

/** What may stand where a client puts its key: nothing, the key twice, two different keys, broken schemes, hostile bytes. */
export const authHeaders = (key: string): fc.Arbitrary<Array<[string, string | Buffer]>> =>
  fc.oneof(
    fc.constantFrom<Array<[string, string | Buffer]>>(
      [],
      [['authorization', `Bearer ${key}`]],
      [['authorization', `Bearer ${key}`], ['authorization', `Bearer ${key}`]],
      [['authorization', `Bearer ${key}`], ['authorization', 'Bearer gh_forged0000000000000000000000']],
      [['authorization', 'Bearer gh_forged0000000000000000000000'], ['authorization', `Bearer ${key}`]],
      [['authorization', `Bearer ${key}`], ['x-api-key', 'gh_forged0000000000000000000000']],
      [['x-api-key', key], ['x-api-key', key]],
      [['authorization', `Bearer ${key}, Bearer ${key}`]],
      [['authorization', `bearer    ${key}   `]],
      [['authorization', `Basic ${Buffer.from(`${key}:`).toString('base64')}`]],
      [['authorization', 'Bearer']],
      [['authorization', 'Bearer ']],
      [['authorization', `Bearer ${'k'.repeat(16_000)}`]],
      [['authorization', `Bearer ${key}\u00ff`]],
      [['authorization', Buffer.from(`Bearer ${key}\u00e9`, 'utf8')]],
    ),
    headerValue.map((value): Array<[string, string | Buffer]> => [['authorization', Buffer.concat([Buffer.from('Bearer '), value])]]),
    headerValue.map((value): Array<[string, string | Buffer]> => [['x-api-key', value]]),
  );

const headerName = fc.oneof(
  fc.constantFrom('x-forwarded-for', 'x-real-ip', 'user-agent', 'accept', 'accept-encoding', 'anthropic-beta', 'anthropic-version', 'openai-organization', 'ai-language-model-id', 'ai-model-id', 'ai-language-model-streaming', 'ai-language-model-specification-version', 'ai-embedding-model-specification-version', 'x-generation-id', 'cookie', 'origin', 'expect', 'content-encoding', 'transfer-encoding'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/),
);

/** Extra headers, possibly repeating or replacing ones the door reads. */
export const extraHeaders: fc.Arbitrary<Array<[string, Buffer]>> = fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 });

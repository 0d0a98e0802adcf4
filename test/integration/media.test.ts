import { createGateway } from '@ai-sdk/gateway';
import { experimental_generateSpeech as generateSpeech, experimental_transcribe as transcribe, generateImage } from 'ai';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_IMAGE_OUTPUT_TOKENS, FAKE_PNG_BASE64, fakeAudio, type RecordedForm } from '../fake-upstream';
import { startGatehouse, type Gatehouse } from '../harness';

// Catalog prices (lib/catalog/media-models.ts), in micro-dollars:
// gpt-image-1 $5/MTok in, $40/MTok out; dall-e-3 $0.04 an image; tts-1 $15 per million characters;
// whisper-1 $0.006 a minute (100 µ$ a second); gpt-4o-mini-transcribe $0.003 a minute (50 µ$ a second).
const imageCost = (prompt: string, n: number) => Math.ceil(prompt.length / 4) * 5 + FAKE_IMAGE_OUTPUT_TOKENS * n * 40;
// The fake's audio lasts size / 8,000 s; Gatehouse estimates size / 16,000 s when not told.
const AUDIO = Buffer.alloc(48_000, 7);

let gatehouse: Gatehouse;
let team: Awaited<ReturnType<Gatehouse['team']>>;
let client: OpenAI;
let gateway: ReturnType<typeof createGateway>;

beforeAll(async () => {
  gatehouse = await startGatehouse({ env: { GATEHOUSE_MAX_BODY_BYTES: '200000' } });
  team = await gatehouse.team(10_000_000);
  client = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 });
  gateway = createGateway({ baseURL: `${gatehouse.url}/v4/ai`, apiKey: team.key });
});
afterAll(async () => gatehouse?.close());
beforeEach(() => gatehouse.resetUpstreams());

const lastCall = () => gatehouse.upstreams.openai.calls.at(-1)!;

describe('OpenAI images', () => {
  it('images.generate forwards the request, answers with the upstream images and bills gpt-image-1 by tokens', async () => {
    const prompt = 'a red fox in the snow';
    const { data, response } = await client.images.generate({ model: 'openai/gpt-image-1', prompt, n: 2, size: '1024x1024', quality: 'low' }).withResponse();
    expect(data.data).toHaveLength(2);
    expect(data.data![0].b64_json).toBe(FAKE_PNG_BASE64);
    expect(data.usage?.output_tokens).toBe(FAKE_IMAGE_OUTPUT_TOKENS * 2);
    expect(lastCall()).toMatchObject({ path: '/v1/images/generations', body: { model: 'gpt-image-1', prompt, n: 2, size: '1024x1024', quality: 'low' } });
    expect(lastCall().headers.authorization).toBe('Bearer sk-system-openai');

    const row = await gatehouse.usage(response.headers.get('x-generation-id')!);
    expect(row).toMatchObject({ protocol: 'images', status: 'success', servedModel: 'openai/gpt-image-1', unit: 'image', quantity: 2, outputTokens: FAKE_IMAGE_OUTPUT_TOKENS * 2 });
    expect(row.costMicros).toBe(imageCost(prompt, 2));
  });

  it('a per-image model is billed per image', async () => {
    const { data, response } = await client.images.generate({ model: 'openai/dall-e-3', prompt: 'a lighthouse', response_format: 'url' }).withResponse();
    expect(data.data![0].url).toBe('https://images.example/fake.png');
    const row = await gatehouse.usage(response.headers.get('x-generation-id')!);
    expect(row).toMatchObject({ unit: 'image', quantity: 1, costMicros: 40_000, inputTokens: 0 });
  });

  it('images.edit uploads the image through the multipart door, bytes intact', async () => {
    const png = Buffer.from(FAKE_PNG_BASE64, 'base64');
    const { data, response } = await client.images
      .edit({ model: 'openai/gpt-image-1', prompt: 'make it blue', image: await toFile(png, 'fox.png', { type: 'image/png' }) })
      .withResponse();
    expect(data.data).toHaveLength(1);
    const form = lastCall().body as RecordedForm;
    expect(lastCall().path).toBe('/v1/images/edits');
    expect(form.fields).toMatchObject({ model: 'gpt-image-1', prompt: 'make it blue' });
    const uploaded = Object.values(form.files)[0];
    expect(uploaded).toMatchObject({ filename: 'fox.png', type: 'image/png', size: png.byteLength });
    const { createHash } = await import('node:crypto');
    expect(uploaded.sha).toBe(createHash('sha256').update(png).digest('hex'));
    const row = await gatehouse.usage(response.headers.get('x-generation-id')!);
    expect(row).toMatchObject({ unit: 'image', quantity: 1, inputTokens: 3 + 65 });
  });

  it('an image model on the chat door, and a chat model on the image door, are 400s that say so', async () => {
    const chat = await client.chat.completions.create({ model: 'openai/gpt-image-1', messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
    expect(chat).toMatchObject({ status: 400 });
    expect((chat as Error).message).toMatch(/image model.*\/v1\/images\/generations/);
    const image = await client.images.generate({ model: 'openai/gpt-4o', prompt: 'x' }).catch((error: unknown) => error);
    expect(image).toMatchObject({ status: 400 });
    expect((image as Error).message).toMatch(/language model/);
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
  });
});

describe('OpenAI speech', () => {
  it('audio.speech.create streams the audio bytes and bills per character', async () => {
    const input = 'Hello there, general.';
    const response = await client.audio.speech.create({ model: 'openai/tts-1', voice: 'alloy', input, response_format: 'wav' });
    expect(response.headers.get('content-type')).toBe('audio/wav');
    const chunks: number[] = [];
    const reader = response.body!.getReader();
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value.byteLength);
      received += value.byteLength;
    }
    expect(received).toBe(fakeAudio(input).byteLength);
    // Streamed as it came: more than one read, not one buffered body.
    expect(chunks.length).toBeGreaterThan(1);
    expect(lastCall()).toMatchObject({ path: '/v1/audio/speech', body: { model: 'tts-1', voice: 'alloy', input, response_format: 'wav' } });
    const row = await gatehouse.waitForUsage(response.headers.get('x-generation-id')!);
    expect(row).toMatchObject({ protocol: 'speech', status: 'success', unit: 'character', quantity: input.length, costMicros: input.length * 15, streamed: true });
  });

  it('the audio bytes arrive unchanged', async () => {
    const input = 'Bytes, exactly.';
    const response = await client.audio.speech.create({ model: 'openai/gpt-4o-mini-tts', voice: 'coral', input });
    expect(Buffer.from(await response.arrayBuffer()).equals(fakeAudio(input))).toBe(true);
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
  });

  it('a team that cannot pay gets 402 before the upstream is called', async () => {
    const broke = await gatehouse.team(0);
    const poor = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: broke.key, maxRetries: 0 });
    const error = await poor.audio.speech.create({ model: 'openai/tts-1', voice: 'alloy', input: 'hi' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 402 });
    const image = await poor.images.generate({ model: 'openai/gpt-image-1', prompt: 'x' }).catch((caught: unknown) => caught);
    expect(image).toMatchObject({ status: 402 });
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
  });
});

describe('holds and admin prices', () => {
  it('a hold covers the images a request may be billed for, so a second call cannot spend the same credit', async () => {
    // $0.10 of credit, below the strict-hold threshold: three $0.04 images hold $0.12, all of it.
    const low = await gatehouse.team(100_000);
    const poor = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: low.key, maxRetries: 0 });
    gatehouse.upstreams.openai.enqueue({ kind: 'stall', ms: 1_000 });
    const first = poor.images.generate({ model: 'openai/dall-e-3', prompt: 'three cats', n: 3 }).withResponse();
    while (gatehouse.upstreams.openai.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const second = await poor.images.generate({ model: 'openai/dall-e-3', prompt: 'one more cat' }).catch((caught: unknown) => caught);
    expect(second).toMatchObject({ status: 402 });
    expect(gatehouse.upstreams.openai.calls).toHaveLength(1);
    const { response } = await first;
    expect(await gatehouse.usage(response.headers.get('x-generation-id')!)).toMatchObject({ quantity: 3, costMicros: 120_000 });
    expect(await gatehouse.balance(low.id)).toBe(-20_000);
  });

  it('an admin sets a unit price where the catalog has none, and the next call is billed at it', async () => {
    const { setModelPrice } = await import('@/lib/services/catalog/manage-models');
    // $0.06 an image, as dollars per million images.
    await setModelPrice({ ctx: gatehouse.ctx, input: { modelId: 'openai/gpt-image-1', provider: 'openai', inputPrice: 0, outputPrice: 0, unitPrice: 60_000, priceUnit: 'image' } });
    const { response } = await client.images.generate({ model: 'openai/gpt-image-1', prompt: 'priced by the image', n: 2 }).withResponse();
    expect(await gatehouse.usage(response.headers.get('x-generation-id')!)).toMatchObject({ unit: 'image', quantity: 2, costMicros: 120_000 });
    await setModelPrice({ ctx: gatehouse.ctx, input: { modelId: 'openai/gpt-image-1', provider: 'openai', inputPrice: 5, outputPrice: 40, unitPrice: 0, priceUnit: 'image' } });
  });
});

describe('OpenAI transcriptions', () => {
  it('whisper-1: the upload reaches the upstream intact and the reported duration is billed', async () => {
    const { data, response } = await client.audio.transcriptions
      .create({ model: 'openai/whisper-1', file: await toFile(AUDIO, 'talk.mp3', { type: 'audio/mpeg' }), language: 'en' })
      .withResponse();
    expect(data.text).toBe(`fake transcript of ${AUDIO.byteLength} bytes`);
    const form = lastCall().body as RecordedForm;
    expect(form.fields).toMatchObject({ model: 'whisper-1', language: 'en' });
    expect(form.files.file).toMatchObject({ filename: 'talk.mp3', size: AUDIO.byteLength });
    const generationId = response.headers.get('x-generation-id')!;
    const row = await gatehouse.usage(generationId);
    expect(row).toMatchObject({ protocol: 'transcription', unit: 'second', quantity: 6, costMicros: 600, usageEstimated: false });
    const record = await fetch(`${gatehouse.url}/v1/generation?id=${generationId}`, { headers: { authorization: `Bearer ${team.key}` } });
    expect(((await record.json()) as { data: unknown }).data).toMatchObject({ units: { unit: 'second', quantity: 6 }, total_cost: 0.0006 });
  });

  it('a model that reports tokens only is billed for an estimated duration, and text answers stay text', async () => {
    const { data, response } = await client.audio.transcriptions
      .create({ model: 'openai/gpt-4o-mini-transcribe', file: await toFile(AUDIO, 'talk.mp3'), response_format: 'text' })
      .withResponse();
    expect(String(data)).toContain('fake transcript');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const row = await gatehouse.usage(response.headers.get('x-generation-id')!);
    expect(row).toMatchObject({ unit: 'second', quantity: 3, costMicros: 150, usageEstimated: true });
  });

  it('an upload past the body limit is a 413 in OpenAI’s envelope and never reaches the upstream', async () => {
    const error = await client.audio.transcriptions
      .create({ model: 'openai/whisper-1', file: await toFile(Buffer.alloc(300_000), 'long.mp3') })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 413, code: 'request_too_large', type: 'invalid_request_error' });
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
  });

  it('a body that is not multipart is a 400', async () => {
    const response = await fetch(`${gatehouse.url}/v1/audio/transcriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/whisper-1' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});

describe('AI SDK (createGateway on /v4/ai)', () => {
  it('generateImage reaches the image-model endpoint and is metered', async () => {
    const prompt = 'a quiet harbour';
    const result = await generateImage({ model: gateway.imageModel('openai/gpt-image-1'), prompt, n: 1, size: '1024x1024', maxRetries: 0 });
    expect(result.images).toHaveLength(1);
    expect(Buffer.from(result.image.uint8Array).equals(Buffer.from(FAKE_PNG_BASE64, 'base64'))).toBe(true);
    expect(lastCall()).toMatchObject({ path: '/v1/images/generations', body: { model: 'gpt-image-1', prompt, n: 1, size: '1024x1024' } });
    const generationId = (result.providerMetadata.gateway as { generationId?: string }).generationId!;
    expect(await gatehouse.usage(generationId)).toMatchObject({ protocol: 'ai-sdk', unit: 'image', quantity: 1, costMicros: imageCost(prompt, 1) });
  });

  it('generateSpeech returns the audio and bills per character', async () => {
    const text = 'Speak, friend.';
    const result = await generateSpeech({ model: gateway.speechModel('openai/tts-1'), text, voice: 'alloy', maxRetries: 0 });
    expect(Buffer.from(result.audio.uint8Array).equals(fakeAudio(text))).toBe(true);
    expect(lastCall()).toMatchObject({ path: '/v1/audio/speech', body: { model: 'tts-1', input: text, voice: 'alloy' } });
    const generationId = (result.providerMetadata.gateway as { generationId?: string }).generationId!;
    expect(await gatehouse.usage(generationId)).toMatchObject({ protocol: 'ai-sdk', unit: 'character', quantity: text.length, costMicros: text.length * 15 });
  });

  it('transcribe uploads the audio and bills the reported duration', async () => {
    const result = await transcribe({ model: gateway.transcriptionModel('openai/whisper-1'), audio: new Uint8Array(AUDIO), maxRetries: 0 });
    expect(result.text).toBe(`fake transcript of ${AUDIO.byteLength} bytes`);
    expect(result.durationInSeconds).toBe(6);
    const form = lastCall().body as RecordedForm;
    expect(lastCall().path).toBe('/v1/audio/transcriptions');
    expect(form.fields.model).toBe('whisper-1');
    expect(form.files.file.size).toBe(AUDIO.byteLength);
    const generationId = (result.providerMetadata.gateway as { generationId?: string }).generationId!;
    expect(await gatehouse.usage(generationId)).toMatchObject({ protocol: 'ai-sdk', unit: 'second', quantity: 6, costMicros: 600 });
  });

  it('provider options the provider package refuses are a 400, and nothing is sent', async () => {
    const error = await generateImage({ model: gateway.imageModel('openai/gpt-image-1'), prompt: 'x', providerOptions: { openai: { quality: 42 } }, maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ statusCode: 400 });
    expect(gatehouse.upstreams.openai.calls).toHaveLength(0);
  });

  it('an image model through the language-model endpoint is a 400 naming the right door', async () => {
    const response = await fetch(`${gatehouse.url}/v4/ai/language-model`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json', 'ai-language-model-id': 'openai/gpt-image-1', 'ai-language-model-specification-version': '4' },
      body: JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/image model/);
  });
});

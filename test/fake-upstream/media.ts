// OpenAI's media endpoints, in their real wire formats: images (generations, edits), speech
// (audio bytes streamed in chunks) and transcriptions (multipart upload).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, sleep } from './http-io';
import type { BehaviorScript } from './script';

/** A valid 1×1 PNG, what every fake image is. */
export const FAKE_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
/** Output tokens gpt-image-1 reports per image (a low-quality 1024×1024 image). */
export const FAKE_IMAGE_OUTPUT_TOKENS = 272;
/** Audio bytes the fake speaks per input character, in `SPEECH_CHUNKS` chunks. */
export const FAKE_SPEECH_BYTES_PER_CHAR = 100;
export const SPEECH_CHUNKS = 4;
/** The fake's audio "bitrate": a transcribed file lasts size / 8,000 seconds. */
export const FAKE_AUDIO_BYTES_PER_SECOND = 8_000;

export const MEDIA_PATHS = new Set(['/v1/images/generations', '/v1/images/edits', '/v1/audio/speech', '/v1/audio/transcriptions']);

/** What a recorded multipart call's body looks like in `calls`. */
export type RecordedForm = { fields: Record<string, string | string[]>; files: Record<string, { filename: string; type: string; size: number; sha: string }> };

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function recordForm(bytes: Buffer, contentType: string): Promise<{ recorded: RecordedForm; form: FormData }> {
  const form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData();
  const recorded: RecordedForm = { fields: {}, files: {} };
  const { createHash } = await import('node:crypto');
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      const current = recorded.fields[name];
      recorded.fields[name] = current === undefined ? value : [...(Array.isArray(current) ? current : [current]), value];
    } else {
      const data = Buffer.from(await value.arrayBuffer());
      recorded.files[name] = { filename: value.name, type: value.type, size: data.byteLength, sha: createHash('sha256').update(data).digest('hex') };
    }
  }
  return { recorded, form };
}

function openAIError(res: ServerResponse, status: number, message: string) {
  sendJson(res, status, { error: { message, type: status === 429 ? 'requests' : 'invalid_request_error', param: null, code: null } }, { 'x-fake-upstream': 'media' });
}

const estimate = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function imageAnswer(body: { model?: string; n?: number; prompt?: string; response_format?: string }, inputImages: number) {
  const n = body.n ?? 1;
  const tokenPriced = body.model?.startsWith('gpt-image');
  const data = Array.from({ length: n }, () => (body.response_format === 'url' ? { url: 'https://images.example/fake.png', revised_prompt: body.prompt } : { b64_json: FAKE_PNG_BASE64 }));
  if (!tokenPriced) return { created: 1_700_000_000, data };
  const text = estimate(body.prompt ?? '');
  const image = inputImages * 65;
  return {
    created: 1_700_000_000,
    background: 'opaque',
    data,
    output_format: 'png',
    quality: 'low',
    size: '1024x1024',
    usage: {
      input_tokens: text + image,
      input_tokens_details: { image_tokens: image, text_tokens: text },
      output_tokens: FAKE_IMAGE_OUTPUT_TOKENS * n,
      total_tokens: text + image + FAKE_IMAGE_OUTPUT_TOKENS * n,
    },
  };
}

const audioTypes: Record<string, string> = { mp3: 'audio/mpeg', opus: 'audio/opus', aac: 'audio/aac', flac: 'audio/flac', wav: 'audio/wav', pcm: 'audio/pcm' };

/** Deterministic audio for a text: byte i is (i + text length) mod 251. */
export function fakeAudio(text: string): Buffer {
  const bytes = Buffer.alloc(text.length * FAKE_SPEECH_BYTES_PER_CHAR);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i + text.length) % 251;
  return bytes;
}

function transcriptAnswer(fields: Record<string, string | string[]>, size: number): { json?: unknown; text?: string } {
  const model = String(fields.model ?? '');
  const seconds = size / FAKE_AUDIO_BYTES_PER_SECOND;
  const text = `fake transcript of ${size} bytes`;
  const format = String(fields.response_format ?? 'json');
  if (format === 'text') return { text: `${text}\n` };
  if (format === 'srt' || format === 'vtt') return { text: `1\n00:00:00,000 --> 00:00:0${Math.min(9, Math.floor(seconds))},000\n${text}\n` };
  const usage = model.startsWith('whisper')
    ? { type: 'duration', seconds: Math.ceil(seconds) }
    : { type: 'tokens', input_tokens: Math.ceil(seconds * 10), input_token_details: { text_tokens: 0, audio_tokens: Math.ceil(seconds * 10) }, output_tokens: estimate(text), total_tokens: Math.ceil(seconds * 10) + estimate(text) };
  if (format === 'verbose_json') {
    return { json: { task: 'transcribe', language: 'english', duration: seconds, text, segments: [{ id: 0, seek: 0, start: 0, end: seconds, text, tokens: [1], temperature: 0, avg_logprob: -0.1, compression_ratio: 1, no_speech_prob: 0 }], usage } };
  }
  return { json: { text, usage } };
}

/** Serves one media call; `record` receives the body as the fake understood it (JSON, or the form's fields and files). */
export async function handleMedia(req: IncomingMessage, res: ServerResponse, path: string, script: BehaviorScript, record: (body: unknown) => void, signal: AbortSignal): Promise<void> {
  const bytes = await readBytes(req);
  const contentType = req.headers['content-type'] ?? '';
  let json: Record<string, any> | undefined;
  let form: RecordedForm | undefined;
  if (contentType.startsWith('multipart/form-data')) {
    form = (await recordForm(bytes, contentType)).recorded;
    record(form);
  } else {
    try {
      json = JSON.parse(bytes.toString('utf8')) as Record<string, any>;
    } catch {
      record(bytes.toString('utf8'));
      return openAIError(res, 400, 'Could not parse the JSON body of your request.');
    }
    record(json);
  }
  const userText = String(json?.prompt ?? json?.input ?? form?.fields.prompt ?? '');
  const plan = script.next(userText);
  if (plan.stallMs > 0 && !(await sleep(plan.stallMs, signal))) return;
  if (plan.outcome.kind === 'error') return openAIError(res, plan.outcome.status, plan.outcome.message ?? 'fake upstream error');
  const headers = { 'x-fake-upstream': 'media', 'x-request-id': 'req_fake_media' };

  if (path === '/v1/images/generations') {
    if (!json?.prompt) return openAIError(res, 400, "Missing required parameter: 'prompt'.");
    return sendJson(res, 200, imageAnswer(json, 0), headers);
  }
  if (path === '/v1/images/edits') {
    if (!form?.fields.prompt) return openAIError(res, 400, "Missing required parameter: 'prompt'.");
    const images = Object.keys(form.files).filter((name) => name === 'image' || name === 'image[]').length;
    if (images === 0) return openAIError(res, 400, "Missing required parameter: 'image'.");
    return sendJson(res, 200, imageAnswer({ model: String(form.fields.model), prompt: String(form.fields.prompt), n: Number(form.fields.n ?? 1) }, images), headers);
  }
  if (path === '/v1/audio/speech') {
    if (typeof json?.input !== 'string' || !json.voice) return openAIError(res, 400, "Missing required parameter: 'input' or 'voice'.");
    const audio = fakeAudio(json.input);
    res.writeHead(200, { ...headers, 'content-type': audioTypes[json.response_format ?? 'mp3'] ?? 'audio/mpeg', 'transfer-encoding': 'chunked' });
    const size = Math.ceil(audio.length / SPEECH_CHUNKS);
    for (let offset = 0; offset < audio.length; offset += size) {
      if (res.destroyed) return;
      res.write(audio.subarray(offset, offset + size));
      // A pause between chunks, so a client can tell audio that streams from audio sent at once.
      if (!(await sleep(plan.outcome.reply.chunkDelayMs ?? 5, signal))) return;
    }
    res.end();
    return;
  }
  // /v1/audio/transcriptions
  const file = form?.files.file;
  if (!form || !file) return openAIError(res, 400, "Missing required parameter: 'file'.");
  const answer = transcriptAnswer(form.fields, file.size);
  if (answer.json) return sendJson(res, 200, answer.json, headers);
  res.writeHead(200, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(answer.text);
}

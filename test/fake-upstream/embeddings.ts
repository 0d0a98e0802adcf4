// OpenAI Embeddings: POST /v1/embeddings with deterministic, hash-derived unit vectors.
import { createHash } from 'node:crypto';
import { embeddingsLastText } from './last-user-text';
import type { FinalReply, Generation, Invalid, RenderContext } from './types';

export const DEFAULT_EMBEDDING_DIMENSIONS = 8;

/**
 * Deterministic unit vector for one input: components come from sha256(`${key}\0${block}`)
 * (8 uint32 per block mapped to [-1, 1)), then L2-normalised and rounded to float32 so the
 * `float` and `base64` encodings decode to identical numbers.
 */
export function fakeEmbedding(input: unknown, dimensions = DEFAULT_EMBEDDING_DIMENSIONS): number[] {
  const key = typeof input === 'string' ? input : JSON.stringify(input);
  const raw: number[] = [];
  for (let block = 0; raw.length < dimensions; block++) {
    const digest = createHash('sha256').update(`${key}\u0000${block}`).digest();
    for (let i = 0; i < 8 && raw.length < dimensions; i++) raw.push((digest.readUInt32LE(i * 4) / 2 ** 32) * 2 - 1);
  }
  const norm = Math.sqrt(raw.reduce((s, x) => s + x * x, 0)) || 1;
  return raw.map((x) => Math.fround(x / norm));
}

const toBase64 = (v: number[]): string => Buffer.from(new Float32Array(v).buffer).toString('base64');

/** Inputs as a list: a string or a single token array counts as one input. */
function inputList(input: unknown): unknown[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'number')) return [input];
  return Array.isArray(input) ? input : [];
}

function json(body: any, r: FinalReply, ctx: RenderContext) {
  const dims = Number.isInteger(body.dimensions) && body.dimensions > 0 ? (body.dimensions as number) : DEFAULT_EMBEDDING_DIMENSIONS;
  const base64 = body.encoding_format === 'base64';
  return {
    object: 'list',
    data: inputList(body.input).map((input, index) => {
      const v = fakeEmbedding(input, dims);
      return { object: 'embedding', index, embedding: base64 ? toBase64(v) : v };
    }),
    model: ctx.model,
    usage: { prompt_tokens: r.usage.input, total_tokens: r.usage.input },
  };
}

export function parseEmbeddings(body: any): Generation | Invalid {
  if (typeof body?.model !== 'string') return { invalid: "Missing required parameter: 'model'." };
  if (inputList(body.input).length === 0) return { invalid: "'input' must be a non-empty string or array." };
  return {
    provider: 'openai',
    model: body.model,
    stream: false,
    limit: null,
    userText: embeddingsLastText(body),
    json: (r, ctx) => json(body, r, ctx),
    frames: () => [],
  };
}

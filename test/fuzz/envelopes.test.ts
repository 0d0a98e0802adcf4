import { describe, expect, it } from 'vitest';
import { expectWellFormedAnswer } from './envelopes';

// The fuzz suite's oracle must itself reject what a client could not parse, or every property passes vacuously.
const answer = (status: number, body: unknown, contentType = 'application/json') => {
  const text = JSON.stringify(body);
  return { status, headers: { 'content-type': contentType }, body: Buffer.from(text), text };
};
const openAI = { error: { message: 'bad', type: 'invalid_request_error', param: null, code: 'invalid_request' } };
const anthropic = { type: 'error', error: { type: 'invalid_request_error', message: 'bad' } };

describe('the fuzz oracle', () => {
  it("takes each door's own envelope", () => {
    expect(() => expectWellFormedAnswer('/v1/chat/completions', answer(400, openAI))).not.toThrow();
    expect(() => expectWellFormedAnswer('/v1/messages?beta=true', answer(400, anthropic))).not.toThrow();
    expect(() => expectWellFormedAnswer('/v4/ai/language-model', answer(404, { error: { message: 'no', type: 'model_not_found', param: { modelId: 'x' } }, generationId: 'gen_1' }))).not.toThrow();
    expect(() => expectWellFormedAnswer('/api/admin/teams', answer(401, { error: { code: 'unauthorized', message: 'no', param: null } }))).not.toThrow();
  });

  it("refuses another door's envelope, a non-JSON error, a 500 and a 503", () => {
    expect(() => expectWellFormedAnswer('/v1/messages', answer(400, openAI))).toThrow(/anthropic error envelope/);
    expect(() => expectWellFormedAnswer('/v4/ai/config', answer(400, { error: 'bad' }))).toThrow(/ai-sdk error envelope/);
    expect(() => expectWellFormedAnswer('/v1/models', answer(404, 'not found', 'text/plain'))).toThrow(/JSON content type/);
    expect(() => expectWellFormedAnswer('/v1/embeddings', answer(500, openAI))).toThrow(/unacceptable status/);
    expect(() => expectWellFormedAnswer('/v1/embeddings', answer(503, openAI))).toThrow(/unacceptable status/);
  });

  it("lets Node's own parser refusals through: no door was reached", () => {
    expect(() => expectWellFormedAnswer('/v1/models', { status: 400, headers: {}, body: Buffer.alloc(0), text: '' })).not.toThrow();
  });
});

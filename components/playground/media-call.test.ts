import { describe, expect, it } from 'vitest';
import { generateImage, generateSpeech } from './media-call';

function fakeFetch(response: Response, seen: Array<{ url: string; init: RequestInit }>): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    return response;
  }) as unknown as typeof fetch;
}

describe('playground media calls', () => {
  it('an image call posts to the images door and shows the first image inline', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const response = Response.json({ data: [{ b64_json: 'AAAA' }] }, { headers: { 'x-generation-id': 'gen_1', 'x-gatehouse-provider': 'openai' } });
    const outcome = await generateImage({ token: 'tok', model: 'openai/gpt-image-1', prompt: 'a fox', fetchImpl: fakeFetch(response, seen) });
    expect(outcome).toMatchObject({ ok: true, src: 'data:image/png;base64,AAAA', generationId: 'gen_1', provider: 'openai' });
    expect(seen[0].url).toBe('/v1/images/generations');
    expect(JSON.parse(String(seen[0].init.body))).toEqual({ model: 'openai/gpt-image-1', prompt: 'a fox', n: 1 });
    expect((seen[0].init.headers as Record<string, string>).authorization).toBe('Bearer tok');
  });

  it('an image URL that is not https is not shown', async () => {
    const outcome = await generateImage({ token: 't', model: 'm', prompt: 'p', fetchImpl: fakeFetch(Response.json({ data: [{ url: 'javascript:alert(1)' }] }), []) });
    expect(outcome).toMatchObject({ ok: false, failure: { status: 502 } });
  });

  it('a failed speech call reads the gateway’s error envelope', async () => {
    const response = Response.json({ error: { message: 'no credit', code: 'insufficient_credits' } }, { status: 402 });
    const outcome = await generateSpeech({ token: 't', model: 'openai/tts-1', text: 'hi', voice: 'alloy', fetchImpl: fakeFetch(response, []) });
    expect(outcome).toEqual({ ok: false, failure: { status: 402, code: 'insufficient_credits', message: 'no credit' } });
  });
});

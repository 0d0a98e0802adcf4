import { randomBytes } from 'node:crypto';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';
import { startOtlpReceiver, type ReceivedSpan } from '../otlp-receiver';

let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let gatehouse: Gatehouse;
let team: Awaited<ReturnType<Gatehouse['team']>>;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  gatehouse = await startGatehouse({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  team = await gatehouse.team(10_000_000);
});
afterAll(async () => {
  await gatehouse?.close();
  await receiver?.close();
});

const SECRET_PROMPT = 'the launch code is 0451';

/** The spans of one generation: its request span and the children of it. */
async function spansOf(generationId: string): Promise<{ request: ReceivedSpan; attempts: ReceivedSpan[] }> {
  await gatehouse.flush();
  await gatehouse.runtime.gateway.telemetry!.tracing!.flush();
  const request = receiver.spans.find((span) => span.attributes['gatehouse.generation.id'] === generationId);
  if (!request) throw new Error(`no span for ${generationId}`);
  const attempts = receiver.spans.filter((span) => span.parentSpanId === request.spanId).sort((a, b) => Number(a.attributes['gatehouse.attempt.index']) - Number(b.attributes['gatehouse.attempt.index']));
  return { request, attempts };
}

describe('OpenTelemetry traces over OTLP/HTTP', () => {
  it('exports a span per request continuing the incoming traceparent, a child per attempt, GenAI attributes and no content', async () => {
    const traceId = randomBytes(16).toString('hex');
    const parentId = randomBytes(8).toString('hex');
    const client = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0, defaultHeaders: { traceparent: `00-${traceId}-${parentId}-01` } });
    const completion = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: SECRET_PROMPT }] });

    const { request, attempts } = await spansOf(completion.id);
    expect(request.traceId).toBe(traceId);
    expect(request.parentSpanId).toBe(parentId);
    expect(request.name).toBe('chat openai/gpt-4o');
    expect(request.resource['service.name']).toBe('gatehouse');
    expect(request.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'openai/gpt-4o',
      'gen_ai.response.model': 'openai/gpt-4o',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 7,
      'gen_ai.response.finish_reasons': ['stop'],
      'gatehouse.team.id': team.id,
      'gatehouse.api_key.id': team.keyId,
      'gatehouse.generation.id': completion.id,
      'gatehouse.cost_micros': 100,
      'gatehouse.credential_type': 'system',
      'http.response.status_code': 200,
    });
    expect(attempts).toHaveLength(1);
    expect(attempts[0].traceId).toBe(traceId);
    expect(attempts[0].attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gatehouse.credential_type': 'system',
      'gatehouse.attempt.outcome': 'success',
      'gen_ai.usage.output_tokens': 7,
    });
    expect(BigInt(attempts[0].startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(request.startTimeUnixNano));
    expect(BigInt(attempts[0].endTimeUnixNano)).toBeLessThanOrEqual(BigInt(request.endTimeUnixNano));
    const wire = receiver.bodies.join('\n');
    expect(wire).not.toContain(SECRET_PROMPT);
    expect(wire).not.toContain('Hello from openai');
    expect(wire).not.toContain(team.key);
  });

  it('starts a new trace without traceparent, and records each failed attempt as an error child', async () => {
    const client = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 });
    const error = (await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: '[[error:500]]' }] }).catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(502);
    const { request, attempts } = await spansOf(error.headers!.get('x-generation-id')!);
    expect(request.parentSpanId).toBeUndefined();
    expect(request.status.code).toBe(2);
    expect(request.attributes).toMatchObject({ 'http.response.status_code': 502, 'error.type': 'upstream_error' });
    expect(attempts.map((attempt) => attempt.attributes['gatehouse.attempt.outcome'])).toEqual(['http_500', 'http_500']);
    expect(attempts.every((attempt) => attempt.status.code === 2 && attempt.traceId === request.traceId)).toBe(true);
  });

  it('spans a streamed call to its end, with the usage the stream reported', async () => {
    const client = new OpenAI({ baseURL: `${gatehouse.url}/v1`, apiKey: team.key, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    let id = '';
    for await (const chunk of stream) id = chunk.id;
    await gatehouse.waitForUsage(id);
    const { request, attempts } = await spansOf(id);
    expect(request.attributes).toMatchObject({ 'gen_ai.request.stream': true, 'gen_ai.usage.output_tokens': 7 });
    expect(attempts).toHaveLength(1);
  });
});

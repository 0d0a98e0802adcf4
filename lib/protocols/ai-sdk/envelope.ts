import { GatewayError } from '../../gateway/errors';

/**
 * Stopgap until `ClientProtocolAdapter.parse` receives the request headers: the AI SDK sends
 * the model id and the streaming flag in headers (`ai-language-model-id`, `ai-model-id`,
 * `ai-language-model-streaming`), so the endpoint appends them to the JSON body under this
 * key before handing the request to the pipeline, and parse takes them out again.
 */
export const ENVELOPE_KEY = '__gatehouse';

export type ModelKind = 'language' | 'embedding';

export type Envelope = { modelId: string; streaming: boolean; kind: ModelKind };

/**
 * The body text with the envelope appended as the last member, so that it wins over any
 * member of the same name a client might send. `model` is set too, so a request that fails
 * to parse is still logged against the model it asked for. Anything but an object is left
 * alone for the parser to refuse.
 */
export function sealEnvelope(text: string, envelope: Envelope): string {
  const trimmed = text.trimEnd();
  if (!trimmed.endsWith('}')) return text;
  const head = trimmed.slice(0, -1);
  const separator = /^\s*\{\s*$/.test(head) ? '' : ',';
  return `${head}${separator}"model":${JSON.stringify(envelope.modelId)},"${ENVELOPE_KEY}":${JSON.stringify(envelope)}}`;
}

/** The envelope and the client's own body, without the members the endpoint added. */
export function openEnvelope(body: unknown): { envelope: Envelope; body: Record<string, unknown> } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new GatewayError('invalid_request', 'Invalid request: the body must be a JSON object');
  const { [ENVELOPE_KEY]: raw, model: _model, ...rest } = body as Record<string, unknown>;
  const envelope = raw as Partial<Envelope> | undefined;
  if (!envelope || typeof envelope !== 'object' || (envelope.kind !== 'language' && envelope.kind !== 'embedding')) {
    throw new GatewayError('internal', 'The AI SDK front door was reached without its endpoint.');
  }
  const header = envelope.kind === 'language' ? 'ai-language-model-id' : 'ai-model-id';
  if (typeof envelope.modelId !== 'string' || envelope.modelId.trim() === '') {
    throw new GatewayError('invalid_request', `Invalid request: the '${header}' header must name a model`, { param: header });
  }
  return { envelope: { modelId: envelope.modelId.trim(), streaming: envelope.streaming === true, kind: envelope.kind }, body: rest };
}

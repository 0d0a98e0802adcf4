import type { ParsedRequest, ResponseIdentity, StreamTracker, Usage } from '../gateway/types';
import { scanObject, spliceMembers, type ScannedObject } from '../json/splice';
import type { EventSourceMessage } from './sse';

/** What a JSON response becomes: the client's body (a JSON text when spliced), and what the meter needs. */
export type TransformedJson<Body = unknown> = { body: Body; usage: Usage | undefined; finishReason: string | undefined };

/**
 * How one client format is forwarded, untouched but for the model id, to an upstream
 * that speaks it natively; and how usage is read from what comes back.
 */
export type PassthroughCodec = {
  /** Path below the provider's base URL. */
  path: string;
  /** Client headers that mean something to a same-protocol upstream and are forwarded as they are. */
  forwardHeaders?: string[];
  buildBody(request: ParsedRequest, upstreamModelId: string): Record<string, unknown>;
  /**
   * The same body as `buildBody`, spliced into the client's own JSON text: no serialisation of
   * the whole request. Undefined when it cannot be sure (the caller then uses `buildBody`).
   */
  spliceBody?(request: ParsedRequest, upstreamModelId: string): string | undefined;
  /**
   * `buildBody`'s result with prompt-cache breakpoints placed (`caching: 'auto'`), for formats
   * whose upstreams need them marked; the body is then serialised instead of spliced.
   */
  withPromptCaching?(body: Record<string, unknown>): Record<string, unknown>;
  /** Rewrites identity fields of a JSON response; returns what the client gets and the usage. */
  transformJson(body: unknown, identity: ResponseIdentity): TransformedJson;
  /**
   * The same as `transformJson` on the upstream's JSON text, with the identity fields spliced in
   * and every other byte kept as the upstream wrote it. Undefined when it cannot be sure (not one
   * valid JSON object): the caller parses and uses `transformJson`.
   */
  spliceJson?(text: string, identity: ResponseIdentity): TransformedJson<string> | undefined;
  /** Called per upstream SSE message: returns the bytes to send (none to drop the message). */
  createStreamTransformer(request: ParsedRequest, identity: ResponseIdentity, tracker: StreamTracker): (message: EventSourceMessage) => Uint8Array[];
};

/**
 * The client's body as the upstream gets it: `providerOptions` (Gatehouse's own) removed, the
 * model id replaced, and `changes` applied (member → JSON text, or undefined to remove).
 */
export function spliceRequestBody(request: ParsedRequest, upstreamModelId: string, changes: Record<string, string | undefined> = {}): string | undefined {
  const scanned = request.rawBody === undefined ? undefined : scanObject(request.rawBody);
  if (!scanned) return undefined;
  return spliceMembers(scanned, { providerOptions: undefined, ...changes, model: JSON.stringify(upstreamModelId) });
}

/** The response's JSON text, scanned; undefined if it is not one valid JSON object. */
export const scanResponse = (text: string): ScannedObject | undefined => scanObject(text);

/** The identity fields a pass-through response carries: Gatehouse's generation id and the model the client asked for. */
export const identityMembers = (identity: ResponseIdentity) => ({ id: JSON.stringify(identity.generationId), model: JSON.stringify(identity.model) });
/** identityMembers' names as JSON strings, for `spliceHead`; taken from it, so the two cannot drift apart. */
export const identityNames: readonly string[] = Object.keys(identityMembers({ generationId: '', model: '', created: 0 })).map((name) => JSON.stringify(name));

import type { ParsedRequest, ResponseIdentity, StreamTracker, Usage } from '../gateway/types';
import type { EventSourceMessage } from './sse';

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
  /** Rewrites identity fields of a JSON response; returns what the client gets and the usage. */
  transformJson(body: unknown, identity: ResponseIdentity): { body: unknown; usage: Usage | undefined; finishReason: string | undefined };
  /** Called per upstream SSE message: returns the bytes to send (none to drop the message). */
  createStreamTransformer(request: ParsedRequest, identity: ResponseIdentity, tracker: StreamTracker): (message: EventSourceMessage) => Uint8Array[];
};

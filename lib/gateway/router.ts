import { anthropicMessages } from '../protocols/anthropic-messages';
import { embeddings } from '../protocols/embeddings';
import { openAIChat } from '../protocols/openai-chat';
import { openAIErrorBody } from '../protocols/openai-chat/errors';
import { openAIImageEdits, openAIImages, openAISpeech, openAITranscriptions } from '../protocols/media/openai-media';
import { openAIResponses } from '../protocols/openai-responses';
import { rerank } from '../protocols/rerank';
import { decodePathSegment } from '../http/decode-path';
import type { GatewayDeps } from './deps';
import { aiSdkModelCall, matchAiSdkPath, routeAiSdkRequest } from './endpoints/ai-sdk-routes';
import { countTokens } from './endpoints/count-tokens';
import { getCredits } from './endpoints/credits';
import { getGeneration } from './endpoints/generation';
import { getModel, listModels } from './endpoints/models';
import { readiness } from './endpoints/readiness';
import { getSpendReport } from './endpoints/report';
import { GatewayError, toGatewayError } from './errors';
import { handleModelRequest } from './handler';
import { errorReply, errorResponse, toResponse, type Reply } from './respond';
import type { ClientProtocolAdapter, GatewayInput } from './types';

/** Model-call front doors, by path. */
export const frontDoors: Record<string, ClientProtocolAdapter> = {
  '/v1/chat/completions': openAIChat,
  '/v1/responses': openAIResponses,
  '/v1/messages': anthropicMessages,
  '/v1/embeddings': embeddings,
  '/v1/rerank': rerank,
  // Cohere's v2 SDK client (CohereClientV2) posts here; same body and answer.
  '/v2/rerank': rerank,
  '/v1/images/generations': openAIImages,
  '/v1/images/edits': openAIImageEdits,
  '/v1/audio/speech': openAISpeech,
  '/v1/audio/transcriptions': openAITranscriptions,
};

const openAIEnvelope = { errorBody: openAIErrorBody };

/** Paths the gateway serves itself (the lean server sends everything else to Next). */
export function isGatewayPath(pathname: string): boolean {
  return pathname === '/health' || pathname === '/livez' || pathname === '/readyz' || pathname.startsWith('/v1/') || pathname === '/v2/rerank' || matchAiSdkPath(pathname) !== undefined;
}

/**
 * The model calls (every front door, and the AI SDK protocol's model paths) as a `Reply`, or
 * undefined for any other path. The lean server calls this with Node's request and writes the
 * reply to the socket; `routeGatewayRequest` calls it with a web `Request`.
 */
export function routeModelCall(deps: GatewayDeps, pathname: string, method: string, input: GatewayInput): Promise<Reply> | undefined {
  const door = frontDoors[pathname];
  if (door) {
    if (method !== 'POST') return Promise.resolve(errorReply(door, new GatewayError('invalid_request', `Use POST for ${pathname}.`, { status: 405 })));
    return handleModelRequest(deps, door, input);
  }
  if (pathname === '/v1/messages/count_tokens') {
    if (method !== 'POST') return Promise.resolve(errorReply(anthropicMessages, new GatewayError('invalid_request', `Use POST for ${pathname}.`, { status: 405 })));
    return countTokens(deps, input);
  }
  const aiSdk = matchAiSdkPath(pathname);
  return aiSdk && method === 'POST' ? aiSdkModelCall(deps, input, aiSdk) : undefined;
}

/** Plain Web handler for every gateway path: Request in, Response out, no framework. */
export async function routeGatewayRequest(deps: GatewayDeps, request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const modelCall = routeModelCall(deps, pathname, request.method, request);
  if (modelCall) return toResponse(await modelCall);
  // AI SDK gateway protocol: /v1/ai (ai@5), /v3/ai (ai@6), /v4/ai (ai@7).
  const aiSdk = matchAiSdkPath(pathname);
  if (aiSdk) return routeAiSdkRequest(deps, request, aiSdk);
  try {
    if (request.method === 'GET') {
      if (pathname === '/health' || pathname === '/livez') return Response.json({ status: 'ok' });
      if (pathname === '/readyz') return await readiness(deps);
      if (pathname === '/v1/models') return await listModels(deps, request.headers);
      if (pathname.startsWith('/v1/models/')) {
        const found = await getModel(deps, decodePathSegment(pathname.slice('/v1/models/'.length)), request.headers);
        if (found) return found;
        throw new GatewayError('model_not_found', `The model '${pathname.slice('/v1/models/'.length)}' does not exist.`);
      }
      if (pathname === '/v1/credits') return await getCredits(deps, request);
      if (pathname === '/v1/generation') return await getGeneration(deps, request);
      if (pathname === '/v1/report') return await getSpendReport(deps, request);
    }
    throw new GatewayError('not_found', `No route for ${request.method} ${pathname}.`);
  } catch (error) {
    const gatewayError = toGatewayError(error);
    if (gatewayError.code === 'internal') deps.logger.error('gateway endpoint failed', { path: pathname, error: (error as Error)?.stack ?? String(error) });
    return errorResponse(openAIEnvelope, gatewayError);
  }
}

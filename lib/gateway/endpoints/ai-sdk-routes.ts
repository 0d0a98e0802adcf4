import { aiSdkAdapters } from '../../protocols/ai-sdk';
import { aiSdkErrorBody } from '../../protocols/ai-sdk/errors';
import { requestedModelId, type ModelKind } from '../../protocols/ai-sdk/model-headers';
import { basePathBySpecVersion, specVersionFromHeader, specVersions, type SpecVersion } from '../../protocols/ai-sdk/spec-version';
import type { GatewayDeps } from '../deps';
import { GatewayError, toGatewayError } from '../errors';
import { handleModelRequest } from '../handler';
import { errorResponse, toResponse, type Reply } from '../respond';
import type { GatewayInput } from '../types';
import { getAiSdkConfig } from './ai-sdk-config';

export type AiSdkRoute = { version: SpecVersion; path: string };

/** `/v1/ai/*` (ai@5), `/v3/ai/*` (ai@6), `/v4/ai/*` (ai@7): the generation and the rest of the path. */
export function matchAiSdkPath(pathname: string): AiSdkRoute | undefined {
  for (const version of specVersions) {
    const base = basePathBySpecVersion[version];
    if (pathname === base || pathname.startsWith(`${base}/`)) return { version, path: pathname.slice(base.length) };
  }
  return undefined;
}

const modelKinds: Record<string, ModelKind> = {
  '/language-model': 'language',
  '/embedding-model': 'embedding',
  '/reranking-model': 'reranking',
  '/image-model': 'image',
  '/speech-model': 'speech',
  '/transcription-model': 'transcription',
};

/**
 * POST {base}/language-model, {base}/embedding-model and {base}/reranking-model. The adapter reads the model id and
 * the streaming flag from the headers. A spec-version header picks the generation when
 * present, so a client at the wrong base path still gets answers in the shapes it parses.
 */
async function modelCall(deps: GatewayDeps, request: GatewayInput, route: AiSdkRoute, kind: ModelKind): Promise<Reply> {
  const version = specVersionFromHeader(request.headers.get(`ai-${kind}-model-specification-version`)) ?? route.version;
  const reply = await handleModelRequest(deps, aiSdkAdapters[version][kind], request);
  return reply.status >= 400 ? withErrorContext(reply, requestedModelId(request.headers, kind)) : reply;
}

/** Adds what the error body cannot know yet: `param.modelId` for unknown models and the generation id. */
function withErrorContext(reply: Reply, modelId: string): Reply {
  if (typeof reply.body !== 'string') return reply;
  const generationId = reply.headers['x-generation-id'];
  const body = JSON.parse(reply.body) as { error?: { type?: string; param?: unknown } };
  if (!body?.error) return reply;
  if (body.error.type === 'model_not_found' && modelId) body.error.param = { modelId };
  return { ...reply, body: JSON.stringify(generationId ? { ...body, generationId } : body) };
}

/** POST {base}/language-model, /embedding-model and /reranking-model; undefined for the protocol's other paths. */
export function aiSdkModelCall(deps: GatewayDeps, request: GatewayInput, route: AiSdkRoute): Promise<Reply> | undefined {
  const kind = modelKinds[route.path];
  return kind ? modelCall(deps, request, route, kind) : undefined;
}

const envelope = { errorBody: (error: GatewayError) => aiSdkErrorBody(error) };

/** Every AI SDK gateway path; failures in the envelope `@ai-sdk/gateway` maps to its error classes. */
export async function routeAiSdkRequest(deps: GatewayDeps, request: Request, route: AiSdkRoute): Promise<Response> {
  try {
    const kind = modelKinds[route.path];
    if (kind) {
      if (request.method !== 'POST') throw new GatewayError('invalid_request', `Use POST for ${route.path}.`, { status: 405 });
      return toResponse(await modelCall(deps, request, route, kind));
    }
    if (route.path === '/config') {
      if (request.method !== 'GET') throw new GatewayError('invalid_request', 'Use GET for /config.', { status: 405 });
      return await getAiSdkConfig(deps, route.version, request.headers);
    }
    throw new GatewayError('not_found', `Gatehouse serves language, embedding, reranking, image, speech and transcription models over the AI SDK protocol; ${request.method} ${basePathBySpecVersion[route.version]}${route.path} is not available.`);
  } catch (error) {
    const gatewayError = toGatewayError(error);
    if (gatewayError.code === 'internal') deps.logger.error('AI SDK endpoint failed', { path: route.path, error: (error as Error)?.stack ?? String(error) });
    return errorResponse(envelope, gatewayError);
  }
}

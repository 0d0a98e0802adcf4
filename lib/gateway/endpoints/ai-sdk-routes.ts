import { aiSdkAdapters } from '../../protocols/ai-sdk';
import { aiSdkErrorBody } from '../../protocols/ai-sdk/errors';
import { requestedModelId, type ModelKind } from '../../protocols/ai-sdk/model-headers';
import { basePathBySpecVersion, specVersionFromHeader, specVersions, type SpecVersion } from '../../protocols/ai-sdk/spec-version';
import type { GatewayDeps } from '../deps';
import { GatewayError, toGatewayError } from '../errors';
import { handleModelRequest } from '../handler';
import { errorResponse } from '../respond';
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

const modelKinds: Record<string, ModelKind> = { '/language-model': 'language', '/embedding-model': 'embedding' };

/**
 * POST {base}/language-model and {base}/embedding-model. The adapter reads the model id and
 * the streaming flag from the headers. A spec-version header picks the generation when
 * present, so a client at the wrong base path still gets answers in the shapes it parses.
 */
async function modelCall(deps: GatewayDeps, request: Request, route: AiSdkRoute, kind: ModelKind): Promise<Response> {
  const version = specVersionFromHeader(request.headers.get(`ai-${kind}-model-specification-version`)) ?? route.version;
  const response = await handleModelRequest(deps, aiSdkAdapters[version][kind], request);
  return response.status >= 400 ? withErrorContext(response, requestedModelId(request.headers, kind)) : response;
}

/** Adds what the error body cannot know yet: `param.modelId` for unknown models and the generation id. */
async function withErrorContext(response: Response, modelId: string): Promise<Response> {
  const generationId = response.headers.get('x-generation-id') ?? undefined;
  const body = (await response.json().catch(() => undefined)) as { error?: { type?: string; param?: unknown } } | undefined;
  if (!body?.error) return new Response(JSON.stringify(body ?? null), { status: response.status, headers: response.headers });
  if (body.error.type === 'model_not_found' && modelId) body.error.param = { modelId };
  return new Response(JSON.stringify(generationId ? { ...body, generationId } : body), { status: response.status, headers: response.headers });
}

const envelope = { errorBody: (error: GatewayError) => aiSdkErrorBody(error) };

/** Every AI SDK gateway path; failures in the envelope `@ai-sdk/gateway` maps to its error classes. */
export async function routeAiSdkRequest(deps: GatewayDeps, request: Request, route: AiSdkRoute): Promise<Response> {
  try {
    const kind = modelKinds[route.path];
    if (kind) {
      if (request.method !== 'POST') throw new GatewayError('invalid_request', `Use POST for ${route.path}.`, { status: 405 });
      return await modelCall(deps, request, route, kind);
    }
    if (route.path === '/config') {
      if (request.method !== 'GET') throw new GatewayError('invalid_request', 'Use GET for /config.', { status: 405 });
      return await getAiSdkConfig(deps, route.version);
    }
    throw new GatewayError('not_found', `Gatehouse serves language and embedding models over the AI SDK protocol; ${request.method} ${basePathBySpecVersion[route.version]}${route.path} is not available.`);
  } catch (error) {
    const gatewayError = toGatewayError(error);
    if (gatewayError.code === 'internal') deps.logger.error('AI SDK endpoint failed', { path: route.path, error: (error as Error)?.stack ?? String(error) });
    return errorResponse(envelope, gatewayError);
  }
}

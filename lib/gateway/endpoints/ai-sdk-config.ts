import type { SpecVersion } from '../../protocols/ai-sdk/spec-version';
import type { GatewayDeps } from '../deps';
import type { HeaderReader } from '../types';
import { describeModel } from './models';
import { visibleModels } from './visible-models';

/**
 * GET /v{1,3,4}/ai/config — `gateway.getAvailableModels()`. Only models some configured
 * provider can serve (with a key: that its team may use, see visible-models.ts); prices are USD-per-token strings; `specificationVersion` is the literal
 * the calling generation validates (`v2`, `v3`, `v4`), so each base path answers its own.
 */
export async function getAiSdkConfig(deps: GatewayDeps, version: SpecVersion, headers: HeaderReader): Promise<Response> {
  const models = await visibleModels(deps, headers);
  return Response.json({
    models: models.flatMap(({ model, providers }) => {
      const described = describeModel(deps, model, providers);
      if (!described.available) return [];
      return [
        {
          id: model.id,
          name: model.name,
          description: null,
          pricing: described.pricing,
          specification: { specificationVersion: `v${version}`, provider: model.creator, modelId: model.id },
          // The client keeps only the model types it knows, and calls rerank models 'reranking'.
          modelType: model.kind === 'rerank' ? 'reranking' : model.kind,
        },
      ];
    }),
  });
}

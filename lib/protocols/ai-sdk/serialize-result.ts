import type { EmbeddingModelV4Result, LanguageModelV4GenerateResult, SharedV4Warning } from '@ai-sdk/provider';
import { emptyUsage, type ResponseIdentity } from '../../gateway/types';
import { fromSdkUsage } from '../shared/usage';
import { withGatewayMetadata } from './provider-metadata';
import type { SpecVersion } from './spec-version';
import { toWireContent, toWireFinishReason, toWireUsage, toWireWarnings } from './to-wire';

/**
 * The JSON a `doGenerate` call receives. The client spreads it into its result and then
 * replaces `request` and `response` with its own, so neither is sent.
 */
export function serializeAiSdkResult(result: LanguageModelV4GenerateResult, identity: ResponseIdentity, version: SpecVersion, warnings: SharedV4Warning[]) {
  return {
    content: result.content.flatMap((content) => toWireContent(content, version) ?? []),
    finishReason: toWireFinishReason(result.finishReason, version),
    usage: toWireUsage(result.usage, version),
    providerMetadata: withGatewayMetadata(result.providerMetadata, identity, { usage: fromSdkUsage(result.usage) }),
    warnings: toWireWarnings([...warnings, ...result.warnings], version),
    ...(version === 4 && result.structuredOutputText !== undefined ? { structuredOutputText: result.structuredOutputText } : {}),
  };
}

/** The JSON a `doEmbed` call receives: `{ embeddings, usage, warnings, providerMetadata }`. */
export function serializeAiSdkEmbeddings(result: EmbeddingModelV4Result, identity: ResponseIdentity, version: SpecVersion, warnings: SharedV4Warning[]) {
  return {
    embeddings: result.embeddings,
    usage: result.usage ? { tokens: result.usage.tokens } : null,
    warnings: toWireWarnings([...warnings, ...(result.warnings ?? [])], version),
    providerMetadata: withGatewayMetadata(result.providerMetadata, identity, { usage: result.usage ? { ...emptyUsage(), inputTokens: result.usage.tokens } : undefined }),
  };
}

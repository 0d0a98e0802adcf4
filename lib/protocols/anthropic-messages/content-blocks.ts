import type { SharedV4ProviderMetadata } from '@ai-sdk/provider';

/** Anthropic's own signature or redacted data on a reasoning part, when the upstream was Anthropic. */
export function anthropicReasoning(metadata: SharedV4ProviderMetadata | undefined): { signature?: string; redactedData?: string } {
  const anthropic = metadata?.anthropic as { signature?: unknown; redactedData?: unknown } | undefined;
  return {
    signature: typeof anthropic?.signature === 'string' ? anthropic.signature : undefined,
    redactedData: typeof anthropic?.redactedData === 'string' ? anthropic.redactedData : undefined,
  };
}

/** A tool call's JSON input as the object Anthropic clients expect (`{}` when empty or unparsable). */
export function toolInput(input: string): Record<string, unknown> {
  try {
    const parsed: unknown = input.trim() === '' ? {} : JSON.parse(input);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

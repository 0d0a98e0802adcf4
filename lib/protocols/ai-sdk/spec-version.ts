/**
 * The AI SDK's gateway protocol comes in one generation per language-model spec:
 * ai@5 (`@ai-sdk/gateway` 2.x) speaks V2 on `/v1/ai`, ai@6 (3.x) V3 on `/v3/ai`,
 * ai@7 (4.x) V4 on `/v4/ai`. The canonical form inside the gateway is always V4.
 */
export type SpecVersion = 2 | 3 | 4;

export const specVersions: readonly SpecVersion[] = [2, 3, 4];

/** The base path each generation's client is pointed at. */
export const basePathBySpecVersion: Record<SpecVersion, string> = { 2: '/v1/ai', 3: '/v3/ai', 4: '/v4/ai' };

/** `ai-*-model-specification-version: 2|3|4`, when a client sends one. */
export function specVersionFromHeader(value: string | null): SpecVersion | undefined {
  const version = Number(value);
  return specVersions.find((candidate) => candidate === version);
}

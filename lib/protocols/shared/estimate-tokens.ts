/**
 * A deliberately simple estimate (~4 characters a token), used only when an upstream
 * never reports usage: a client that disconnected, or a stream that was cut.
 */
export function estimateTokens(chars: number): number {
  return chars <= 0 ? 0 : Math.ceil(chars / 4);
}

export function estimateTokensOf(value: unknown): number {
  return estimateTokens(typeof value === 'string' ? value.length : JSON.stringify(value ?? '').length);
}

/**
 * Claim conditions as people type them, one `claim=pattern` per line; blank lines and `#`
 * comments are skipped, and the pattern may itself contain `=`. Returns the conditions, or
 * the first line that is wrong.
 */
export function parseClaimConditions(text: string): { ok: true; conditions: Record<string, string> } | { ok: false; error: string } {
  const conditions: Record<string, string> = {};
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    const claim = at > 0 ? line.slice(0, at).trim() : '';
    const pattern = at > 0 ? line.slice(at + 1).trim() : '';
    if (!claim || !pattern) return { ok: false, error: `Claim conditions, line ${index + 1}: write it as claim=pattern, e.g. sub=repo:acme/app:*.` };
    if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(claim)) return { ok: false, error: `Claim conditions, line ${index + 1}: '${claim.slice(0, 100)}' is not a claim name.` };
    if (claim in conditions) return { ok: false, error: `Claim conditions, line ${index + 1}: '${claim}' is already there; every condition must hold, so give each claim one pattern.` };
    conditions[claim] = pattern;
  }
  return { ok: true, conditions };
}

/**
 * Claim conditions of an OIDC trust: claim name → glob. A glob matches the whole claim value,
 * case-sensitively; `*` matches any run of characters, including none and including `/` and
 * `:` (nothing is a separator), and every other character matches only itself. So
 * `repo:acme/*:ref:refs/heads/main` admits the main branch of every repository of `acme`,
 * while `repo:acme*` would also admit an organisation named `acme-evil`.
 */
export type ClaimConditions = Record<string, string>;

/** Whether `value` matches `pattern` (see above). Greedy with one backtrack point: at worst pattern × value steps, never exponential. */
export function globMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === value[v]) {
      p += 1;
      v += 1;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p;
      resume = v;
      p += 1;
    } else if (star >= 0) {
      // Let the last `*` swallow one more character and try again from there.
      p = star + 1;
      resume += 1;
      v = resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p += 1;
  return p === pattern.length;
}

/**
 * The first condition the claims fail, or undefined when all hold. A condition holds only
 * when its claim is present as a string and matches; numbers, lists and objects never match.
 */
export function failedClaim(claims: Record<string, unknown>, conditions: ClaimConditions): string | undefined {
  for (const [name, pattern] of Object.entries(conditions)) {
    const value = claims[name];
    if (typeof value !== 'string' || !globMatch(pattern, value)) return name;
  }
  return undefined;
}

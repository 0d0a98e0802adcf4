import { addressLiteral, canonicalHostname, type AddressPolicy } from './address-policy';

const nonPublic = 'points at a loopback, private, link-local or otherwise non-public address (an operator can allow it with GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS)';

/** `localhost` and its subdomains are loopback by definition (RFC 6761), whatever DNS says. */
const isLoopbackName = (hostname: string) => hostname === 'localhost' || hostname.endsWith('.localhost');

/**
 * Why a URL a team supplies (a BYOK base URL, an OIDC issuer or key-set address) cannot be used,
 * or undefined. Paths are appended to these URLs, so a fragment or a query would swallow the
 * path (`…/iam#` + `/chat/completions`); credentials in the URL would leave with every request.
 * Address literals are judged here in the form the WHATWG parser gives them, so `2130706433`,
 * `0x7f.1` and `[::ffff:127.0.0.1]` count as the 127.0.0.1 they are. Names are judged where they
 * are resolved: `checkOutboundUrl` and, on every connection, the guarded dialer.
 */
export function outboundUrlProblem(text: string, policy: AddressPolicy): string | undefined {
  const shape = urlShapeProblem(text);
  if (shape) return shape;
  const url = new URL(text);
  const hostname = canonicalHostname(url.hostname);
  if (policy.allowsHostname(hostname)) return undefined;
  const literal = addressLiteral(hostname);
  if (literal ? !policy.allowsAddress(literal.toString()) : isLoopbackName(hostname)) return nonPublic;
  return undefined;
}

/** The checks that need no policy: scheme, fragment, credentials, query. */
export function urlShapeProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  // `new URL('…/iam#').hash` is empty, so the raw text is what tells.
  if (text.includes('#')) return 'must not contain a fragment (#)';
  if (url.username || url.password) return 'must not carry credentials (user:password@)';
  if (text.includes('?')) return 'must not carry a query string';
  return undefined;
}

export type Lookup = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

/** The static checks, then the name resolved once: a clear refusal when saving, before any connection. */
export async function checkOutboundUrl(text: string, policy: AddressPolicy, lookup: Lookup): Promise<string | undefined> {
  const problem = outboundUrlProblem(text, policy);
  if (problem) return problem;
  const hostname = canonicalHostname(new URL(text).hostname);
  if (policy.allowsHostname(hostname) || addressLiteral(hostname)) return undefined;
  // A name that does not resolve today may tomorrow; the dialer checks it then.
  const answers = await lookup(hostname).catch(() => []);
  if (answers.some((answer) => !policy.allowsAddress(answer.address))) return nonPublic.replace('points at', 'resolves to');
  return undefined;
}

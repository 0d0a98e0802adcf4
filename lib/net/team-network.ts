import type { Dispatcher } from 'undici';
import { createAddressPolicy, type AddressPolicy } from './address-policy';
import { createGuardedAgent, guardedFetch, systemLookup } from './guarded-dispatcher';
import { checkOutboundUrl, outboundUrlProblem, type Lookup } from './outbound-url';

/**
 * How Gatehouse reaches a URL that a team or a request chose (BYOK base URLs, OIDC issuers and
 * their key sets): only through here. What the operator configured goes through the ordinary pools.
 */
export type TeamNetwork = {
  policy: AddressPolicy;
  dispatcher: Dispatcher;
  /** fetch that connects only to allowed addresses and follows no redirect. */
  fetch: typeof globalThis.fetch;
  /** The checks that need no resolver, for every use of a stored URL. */
  urlProblem(url: string): string | undefined;
  /** The same and the name resolved once, for saving a URL with a clear answer. */
  checkUrl(url: string): Promise<string | undefined>;
  close(): Promise<void>;
};

export function createTeamNetwork(options: { allowList?: readonly string[]; lookup?: Lookup } = {}): TeamNetwork {
  const policy = createAddressPolicy(options.allowList ?? []);
  const lookup = options.lookup ?? systemLookup;
  const agent = createGuardedAgent(policy, lookup);
  return {
    policy,
    dispatcher: agent,
    fetch: guardedFetch(agent),
    urlProblem: (url) => outboundUrlProblem(url, policy),
    checkUrl: (url) => checkOutboundUrl(url, policy, lookup),
    close: () => agent.close(),
  };
}

let strict: TeamNetwork | undefined;

/** No exceptions at all: what verbs use when their context names no network (fail closed). */
export function strictTeamNetwork(): TeamNetwork {
  strict ??= createTeamNetwork();
  return strict;
}

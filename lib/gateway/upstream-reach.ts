import type { Dispatcher } from 'undici';
import { BlockedAddressError } from '../net/guarded-dispatcher';
import type { TeamNetwork } from '../net/team-network';
import { upstreamAgent, upstreamFetch } from '../providers/http';
import type { Credential } from './plan';

export type UpstreamReach = { dispatcher: Dispatcher; fetch: typeof globalThis.fetch };

/**
 * The pools an attempt goes through: the operator's for system credentials and for team keys
 * sent to the operator's base URL; the guarded team network when the team or the request chose
 * the base URL. A stored URL is checked again here, since it may predate today's rules.
 */
export function upstreamReach(credential: Credential, teamNetwork: TeamNetwork): UpstreamReach {
  if (credential.type !== 'byok' || !credential.guarded) return { dispatcher: upstreamAgent, fetch: upstreamFetch };
  const problem = teamNetwork.urlProblem(credential.baseURL);
  if (problem) throw new BlockedAddressError(`the credential's base URL ${problem}`);
  return { dispatcher: teamNetwork.dispatcher, fetch: teamNetwork.fetch };
}

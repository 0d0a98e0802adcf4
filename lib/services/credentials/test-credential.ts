import { z } from 'zod';
import { GatewayError } from '../../gateway/errors';
import { strictTeamNetwork } from '../../net/team-network';
import { authHeaders } from '../../providers/http';
import { getProvider, type ProviderDefinition } from '../../providers/registry';
import { requireTeamRole, type ServiceContext } from '../context';
import { requireTeamBaseUrl } from './add-credential';

export const testCredentialInput = z.object({
  team: z.string().min(1),
  provider: z.string().min(1),
  apiKey: z.string().max(4096).default(''),
  baseUrl: z.string().url().optional(),
});

/**
 * Only a classification, never a status code, a remote body or an error text: the base URL is
 * the caller's choice, and telling a refused connection from a timeout from a TLS failure would
 * turn this button into a port scanner.
 */
export type CredentialTestOutcome = 'ok' | 'auth_rejected' | 'unreachable' | 'not_provider_api';

export type CredentialTestResult = { ok: boolean; outcome: CredentialTestOutcome; message: string };

function classify(status: number, body: unknown): CredentialTestOutcome {
  if (status === 401 || status === 403) return 'auth_rejected';
  if (status >= 200 && status < 300) return isModelList(body) ? 'ok' : 'not_provider_api';
  return status === 429 || status >= 500 ? 'unreachable' : 'not_provider_api';
}

/** Every provider's model list is an object with a `data` (OpenAI-style, Anthropic) or `models` (Gemini) array. */
function isModelList(body: unknown): boolean {
  const record = body as { data?: unknown; models?: unknown } | null;
  return Boolean(record && typeof record === 'object' && (Array.isArray(record.data) || Array.isArray(record.models)));
}

/** A model list is small; a larger body is not one, and is not read to the end (the host is the caller's choice). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

async function boundedJson(response: Response): Promise<unknown> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(read.value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

function describe(outcome: CredentialTestOutcome, provider: ProviderDefinition): string {
  switch (outcome) {
    case 'ok':
      return `Connected: ${provider.name} accepted the key.`;
    case 'auth_rejected':
      return `${provider.name} rejected the key.`;
    case 'unreachable':
      return `Could not reach ${provider.name} at that address, or it did not answer in time.`;
    case 'not_provider_api':
      return `The address answered, but not as the ${provider.name} API does.`;
  }
}

/**
 * Checks a key before it is saved: one authenticated GET of the provider's model list, with a
 * short timeout and no redirect followed. An entered base URL goes through the same checks as
 * saving it and through the guarded network; without one, the operator's base URL is used.
 * Nothing is stored or logged.
 */
export async function testCredential({
  ctx,
  input,
  defaultBaseURL,
  fetch,
  timeoutMs = 8_000,
}: {
  ctx: ServiceContext;
  input: z.input<typeof testCredentialInput>;
  /** Where the provider is reached when no base URL is entered (the system connection's, honouring `<SLUG>_BASE_URL`). */
  defaultBaseURL(provider: ProviderDefinition): string;
  /** Replaces both the guarded and the operator's fetch (tests). */
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}): Promise<CredentialTestResult> {
  const data = testCredentialInput.parse(input);
  await requireTeamRole(ctx, data.team, 'admin');
  const provider = getProvider(data.provider);
  if (!provider) throw new GatewayError('invalid_request', `Unknown provider '${data.provider}'.`, { param: 'provider' });
  if (!data.apiKey && !provider.keyOptional) throw new GatewayError('invalid_request', 'Enter the API key to test.', { param: 'apiKey' });
  if (data.baseUrl) await requireTeamBaseUrl(ctx, data.baseUrl);
  const send = fetch ?? (data.baseUrl ? (ctx.teamNetwork ?? strictTeamNetwork()).fetch : globalThis.fetch);
  const base = (data.baseUrl ?? defaultBaseURL(provider)).replace(/\/+$/, '');
  const url = provider.modelListURL?.(base) ?? `${base}/models`;
  let outcome: CredentialTestOutcome;
  try {
    const response = await send(url, {
      headers: { accept: 'application/json', ...authHeaders(provider, data.apiKey || undefined) },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    outcome = classify(response.status, await boundedJson(response));
  } catch {
    outcome = 'unreachable';
  }
  return { ok: outcome === 'ok', outcome, message: describe(outcome, provider) };
}

import { z } from 'zod';
import { GatewayError } from '../../gateway/errors';
import { authHeaders } from '../../providers/http';
import { getProvider, type ProviderDefinition } from '../../providers/registry';
import { requireTeamRole, type ServiceContext } from '../context';

export const testCredentialInput = z.object({
  team: z.string().min(1),
  provider: z.string().min(1),
  apiKey: z.string().max(4096).default(''),
  baseUrl: z.string().url().optional(),
});

export type CredentialTestResult = { ok: true; status: number; message: string } | { ok: false; status: number | null; message: string };

/** The provider's own error text from any of the envelopes upstreams use. */
function upstreamMessage(body: unknown): string | undefined {
  const record = body as { error?: { message?: unknown } | string; message?: unknown } | null;
  if (!record || typeof record !== 'object') return undefined;
  if (typeof record.error === 'string') return record.error;
  if (typeof record.error?.message === 'string') return record.error.message;
  if (typeof record.message === 'string') return record.message;
  return undefined;
}

/**
 * Checks a key before it is saved: one authenticated GET of the provider's model list, with a
 * short timeout. Nothing is stored or logged; a provider's error text is returned with the
 * key blanked out in case it is echoed back.
 */
export async function testCredential({
  ctx,
  input,
  defaultBaseURL,
  fetch = globalThis.fetch,
  timeoutMs = 8_000,
}: {
  ctx: ServiceContext;
  input: z.input<typeof testCredentialInput>;
  /** Where the provider is reached when no base URL is entered (the system connection's, honouring `<SLUG>_BASE_URL`). */
  defaultBaseURL(provider: ProviderDefinition): string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}): Promise<CredentialTestResult> {
  const data = testCredentialInput.parse(input);
  await requireTeamRole(ctx, data.team, 'admin');
  const provider = getProvider(data.provider);
  if (!provider) throw new GatewayError('invalid_request', `Unknown provider '${data.provider}'.`, { param: 'provider' });
  if (!data.apiKey && !provider.keyOptional) throw new GatewayError('invalid_request', 'Enter the API key to test.', { param: 'apiKey' });
  const url = `${(data.baseUrl ?? defaultBaseURL(provider)).replace(/\/+$/, '')}/models`;
  const blank = (text: string) => (data.apiKey.length >= 4 ? text.split(data.apiKey).join('••••') : text).slice(0, 300);
  try {
    const response = await fetch(url, { headers: { accept: 'application/json', ...authHeaders(provider, data.apiKey || undefined) }, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    const text = await response.text();
    if (response.ok) return { ok: true, status: response.status, message: `Connected: ${provider.name} accepted the key.` };
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    // Only a provider's own error message is passed on, never a raw body: the base URL is the caller's choice.
    const detail = upstreamMessage(body) ?? (response.statusText || 'no error message');
    return { ok: false, status: response.status, message: blank(`${provider.name} answered ${response.status}: ${detail}`) };
  } catch (error) {
    const reason = (error as Error)?.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : ((error as { cause?: { code?: string } })?.cause?.code ?? 'connection failed');
    return { ok: false, status: null, message: blank(`Could not reach ${new URL(url).host}: ${reason}.`) };
  }
}

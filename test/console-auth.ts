import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NextRequest } from 'next/server';
import { insertUser } from '@/db/queries/users';
import { hashPassword } from '@/lib/crypto/passwords';
import { setRuntime, type Runtime } from '@/lib/runtime';
import { createGatehouseServer } from '@/server/create-server';
import { sendWebResponse, toWebRequest } from '@/server/node-adapter';

/**
 * The lean server with Auth.js's real route handlers standing in for Next: sign-in,
 * session and sign-out are driven over HTTP exactly as the console's browser does, and the
 * address the server works out reaches the credentials check as it does under Next.
 */
export async function startConsoleAuth(runtime: Runtime) {
  const { handlers } = await import('@/lib/auth/auth');
  const server = createGatehouseServer(runtime, async (req, res) => {
    // Auth.js finds the process's runtime; several of these in one test process take turns.
    setRuntime(Promise.resolve(runtime));
    const buffered = toWebRequest(req, `http://${req.headers.host}`, runtime.env.GATEHOUSE_MAX_ADMIN_BODY_BYTES);
    // Auth.js reads the form from `body`: hand it a plain Request with the text read.
    const body = buffered.method === 'POST' ? await buffered.text() : undefined;
    const request = new Request(buffered.url, { method: buffered.method, headers: buffered.headers, body });
    await sendWebResponse(await handlers[req.method === 'POST' ? 'POST' : 'GET'](request as NextRequest), res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    browser: () => new Browser(url),
    async user(password = 'correct horse battery staple') {
      const email = `${randomUUID()}@example.com`;
      const user = await insertUser(runtime.database.db, { id: `user_${randomUUID().slice(0, 12)}`, email, passwordHash: await hashPassword(password) });
      return { ...user, password };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type SignInOutcome = 'signed-in' | 'wrong' | 'throttled';

/** A cookie jar and the Auth.js endpoints the console's forms post to. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly url: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async fetch(path: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string>; cookie?: string } = {}) {
    const response = await fetch(`${this.url}${path}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: init.cookie ?? this.cookieHeader,
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...init.headers,
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1)];
      const expired = attributes.some((attribute) => /max-age=0|expires=thu, 01 jan 1970/i.test(attribute.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  private async csrf(): Promise<string> {
    return ((await (await this.fetch('/api/auth/csrf')).json()) as { csrfToken: string }).csrfToken;
  }

  async signIn(email: string, password: string, headers: Record<string, string> = {}): Promise<SignInOutcome> {
    const csrfToken = await this.csrf();
    const response = await this.fetch('/api/auth/callback/credentials', { method: 'POST', form: { email, password, csrfToken }, headers });
    const location = response.headers.get('location') ?? '';
    if (/code=rate_limited_/.test(location)) return 'throttled';
    if (/error=/.test(location)) return 'wrong';
    if (!this.sessionCookie) throw new Error(`no session after sign-in (${response.status} ${location})`);
    return 'signed-in';
  }

  get sessionCookie(): string | undefined {
    const entry = [...this.cookies].find(([name]) => name.endsWith('authjs.session-token'));
    return entry && `${entry[0]}=${entry[1]}`;
  }

  /** The session as `auth()` reads it for every console page, route and server action. */
  async session(cookie = this.cookieHeader): Promise<{ user?: { id?: string; email?: string } } | null> {
    return (await this.fetch('/api/auth/session', { cookie })).json();
  }

  async signOut(): Promise<void> {
    const csrfToken = await this.csrf();
    await this.fetch('/api/auth/signout', { method: 'POST', form: { csrfToken } });
  }
}

import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { getEnv, parseEnv } from '@/lib/env';
import { PAIR_POLICY } from '@/lib/auth/login-throttle';
import { createRuntime, type Runtime } from '@/lib/runtime';
import { startConsoleAuth, type SignInOutcome } from '../console-auth';
import { startGatehouse, type Gatehouse } from '../harness';

const opened: { close(): Promise<unknown> }[] = [];
afterAll(async () => {
  for (const item of opened.reverse()) await item.close();
});

async function consoleWith(env: Record<string, string> = {}) {
  const gatehouse: Gatehouse = await startGatehouse({ env });
  opened.push(gatehouse);
  const consoleAuth = await startConsoleAuth(gatehouse.runtime);
  opened.push(consoleAuth);
  return consoleAuth;
}

const freeGuesses = PAIR_POLICY.free + 1; // the attempt that starts the first wait is still checked

/**
 * Attempts sent together, as an attacker would; with how many passwords the limiter may have let
 * through in the time they took: the free ones, plus one after each doubling wait that had run out.
 */
async function burst(count: number, attempt: (index: number) => Promise<SignInOutcome>) {
  const started = Date.now();
  const outcomes = await Promise.all(Array.from({ length: count }, (_, index) => attempt(index)));
  const elapsed = Date.now() - started;
  let allowed = freeGuesses;
  for (let waited = 0, wait = PAIR_POLICY.baseDelayMs; waited + wait <= elapsed; waited += wait, wait *= 2) allowed += 1;
  return { checked: outcomes.filter((outcome) => outcome === 'wrong').length, allowed };
}

describe('sign-in limits by client address', () => {
  it('counts a directly connected client under its socket address, whatever X-Forwarded-For it invents', async () => {
    const consoleAuth = await consoleWith();
    const user = await consoleAuth.user();
    const { checked, allowed } = await burst(30, (attempt) => consoleAuth.browser().signIn(user.email, 'wrong password', { 'x-forwarded-for': `198.51.100.${attempt + 1}` }));
    expect(checked).toBeGreaterThanOrEqual(freeGuesses);
    expect(checked).toBeLessThanOrEqual(allowed);
  });

  it('believes X-Forwarded-For from a trusted proxy, and a flood from one address does not keep the owner out from another', async () => {
    const consoleAuth = await consoleWith({ GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/8, ::1' });
    const owner = await consoleAuth.user();
    const attacker = { 'x-forwarded-for': '203.0.113.66' };
    const { checked, allowed } = await burst(60, (attempt) => consoleAuth.browser().signIn(owner.email, `guess ${attempt}`, attacker));
    expect(checked).toBeGreaterThanOrEqual(freeGuesses);
    expect(checked).toBeLessThanOrEqual(allowed);
    // The owner, elsewhere, is not slowed at all.
    expect(await consoleAuth.browser().signIn(owner.email, owner.password, { 'x-forwarded-for': '192.0.2.10' })).toBe('signed-in');
  });
});

describe('sign-in limits are shared by every instance', () => {
  async function twoRuntimes(env: Record<string, string>): Promise<[Runtime, Runtime]> {
    const first = await createRuntime(parseEnv({ GATEHOUSE_DATA_DIR: 'memory://', GATEHOUSE_LOG_LEVEL: 'silent', ...env }));
    opened.push(first);
    const second = await createRuntime(parseEnv({ GATEHOUSE_DATA_DIR: 'memory://', GATEHOUSE_LOG_LEVEL: 'silent', ...env }));
    opened.push(second);
    return [first, second];
  }

  async function expectShared([first, second]: [Runtime, Runtime]) {
    const email = `${randomUUID()}@example.com`;
    for (let attempt = 0; attempt < freeGuesses; attempt += 1) {
      expect(await (attempt % 2 ? first : second).loginThrottle.attempt(email, '198.51.100.7')).toBe(0);
    }
    expect(await first.loginThrottle.attempt(email, '198.51.100.7')).toBeGreaterThan(0);
    expect(await second.loginThrottle.attempt(email, '198.51.100.7')).toBeGreaterThan(0);
    // Many attempts at once from instances racing still get only the free ones.
    const racing = `${randomUUID()}@example.com`;
    const waits = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 ? first : second).loginThrottle.attempt(racing, '198.51.100.8')));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(freeGuesses);
  }

  it.runIf(Boolean(getEnv().DATABASE_URL))('through the database two instances share', async () => {
    const gatehouse = await startGatehouse();
    opened.push(gatehouse);
    await expectShared(await twoRuntimes({ DATABASE_URL: gatehouse.runtime.env.DATABASE_URL! }));
  });

  it('through Redis, when REDIS_URL is set (each instance here on its own embedded database)', async () => {
    const runtimes = await twoRuntimes({ REDIS_URL: 'redis://127.0.0.1:6379' });
    await new Promise((resolve) => setTimeout(resolve, 200)); // let both connect: they do not queue commands offline
    await expectShared(runtimes);
    // Two embedded databases open and migrate here: slow on a loaded machine.
  }, 120_000);
});

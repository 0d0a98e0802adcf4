import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEnv, parseEnv } from '@/lib/env';
import { createRuntime } from '@/lib/runtime';
import { changePassword } from '@/lib/services/users/change-password';
import { startConsoleAuth } from '../console-auth';
import { startGatehouse, type Gatehouse } from '../harness';

let gatehouse: Gatehouse;
let consoleAuth: Awaited<ReturnType<typeof startConsoleAuth>>;
const secret = 'a-secret-shared-by-every-instance-0123456789';
beforeAll(async () => {
  gatehouse = await startGatehouse({ env: { GATEHOUSE_SECRET: secret } });
  consoleAuth = await startConsoleAuth(gatehouse.runtime);
});
afterAll(async () => {
  await consoleAuth?.close();
  await gatehouse?.close();
});

describe('console sessions end on the server', () => {
  it('a copied cookie stops working once its owner signs out', async () => {
    const user = await consoleAuth.user();
    const browser = consoleAuth.browser();
    expect(await browser.signIn(user.email, user.password)).toBe('signed-in');
    const copied = browser.sessionCookie!;
    expect((await browser.session(copied))?.user?.id).toBe(user.id);
    await browser.signOut();
    expect(browser.sessionCookie).toBeUndefined();
    expect(await browser.session(copied)).toBeNull();
  });

  it.runIf(Boolean(getEnv().DATABASE_URL))('a sign-out on one instance ends the session on another sharing the database', async () => {
    const other = await createRuntime(parseEnv({ DATABASE_URL: gatehouse.runtime.env.DATABASE_URL, GATEHOUSE_SECRET: secret, GATEHOUSE_DATA_DIR: 'memory://', GATEHOUSE_LOG_LEVEL: 'silent' }));
    const otherConsole = await startConsoleAuth(other);
    try {
      const user = await consoleAuth.user();
      const browser = consoleAuth.browser();
      await browser.signIn(user.email, user.password);
      const copied = browser.sessionCookie!;
      const elsewhere = otherConsole.browser();
      expect((await elsewhere.session(copied))?.user?.id).toBe(user.id);
      await browser.signOut();
      expect(await elsewhere.session(copied)).toBeNull();
    } finally {
      await otherConsole.close();
      await other.close();
    }
  });

  it('signing out one browser leaves the user’s other sessions alone', async () => {
    const user = await consoleAuth.user();
    const laptop = consoleAuth.browser();
    const phone = consoleAuth.browser();
    await laptop.signIn(user.email, user.password);
    await phone.signIn(user.email, user.password);
    await laptop.signOut();
    expect((await phone.session())?.user?.id).toBe(user.id);
  });

  it('changing the password ends every session of the user', async () => {
    const user = await consoleAuth.user();
    const browser = consoleAuth.browser();
    const phone = consoleAuth.browser();
    await browser.signIn(user.email, user.password);
    await phone.signIn(user.email, user.password);
    const copied = browser.sessionCookie!;
    const ctx = gatehouse.runtime.serviceContext({ kind: 'user', userId: user.id, isInstanceAdmin: false });
    expect(await changePassword({ ctx, input: { currentPassword: user.password, newPassword: 'a brand new passphrase' } })).toMatchObject({ sessionsEnded: 2 });
    expect(await browser.session(copied)).toBeNull();
    expect(await phone.session()).toBeNull();
    expect(await consoleAuth.browser().signIn(user.email, user.password)).toBe('wrong');
    expect(await consoleAuth.browser().signIn(user.email, 'a brand new passphrase')).toBe('signed-in');
  });

  it('an admin disabling a user ends their sessions and refuses their sign-in', async () => {
    const user = await consoleAuth.user();
    const browser = consoleAuth.browser();
    await browser.signIn(user.email, user.password);
    const copied = browser.sessionCookie!;
    const disabled = await fetch(`${gatehouse.url}/api/admin/users/${encodeURIComponent(user.email)}`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer admin-token-for-tests-0123456789', 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    });
    expect(disabled.status).toBe(200);
    expect(await disabled.json()).toMatchObject({ userId: user.id, disabled: true, sessionsEnded: 1 });
    expect(await browser.session(copied)).toBeNull();
    expect(await consoleAuth.browser().signIn(user.email, user.password)).toBe('wrong');
  });
});

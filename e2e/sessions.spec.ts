import type { Browser, BrowserContext } from '@playwright/test';
import { adminState, e2e, expect, failureStatus, gatewayClient, screenshot, test } from './fixtures';

/** An admin-made team with one invited person in `role`, signed in in their own browser context. */
async function teamWithInvitee(browser: Browser, team: string, role: 'member' | 'viewer', person: { name: string; email: string; password: string }) {
  const adminContext = await browser.newContext({ storageState: adminState, baseURL: e2e.baseUrl });
  const adminPage = await adminContext.newPage();
  await adminPage.goto('/teams');
  await adminPage.getByLabel('Team name').fill(team);
  await adminPage.getByRole('button', { name: 'Create team' }).click();
  const slug = team.toLowerCase();
  await expect(adminPage).toHaveURL(new RegExp(`/t/${slug}$`));
  await adminPage.goto(`/t/${slug}/members`);
  await adminPage.getByLabel('Role', { exact: true }).selectOption(role);
  await adminPage.getByRole('button', { name: 'Create invite link' }).click();
  const link = (await adminPage.getByTestId('invite-link').textContent())!;

  const personContext = await browser.newContext({ baseURL: e2e.baseUrl });
  const personPage = await personContext.newPage();
  await personPage.goto(link);
  await personPage.getByLabel('Your name').fill(person.name);
  await personPage.getByLabel('Email').fill(person.email);
  await personPage.getByLabel('Password', { exact: true }).fill(person.password);
  await personPage.getByLabel('Password again').fill(person.password);
  await personPage.getByRole('button', { name: 'Create account and join' }).click();
  await expect(personPage).toHaveURL(new RegExp(`/t/${slug}$`));
  return { slug, adminContext, adminPage, personContext, personPage };
}

/** A browser that was handed a copy of another's cookies. */
async function thiefWith(browser: Browser, victim: BrowserContext) {
  const thief = await browser.newContext({ baseURL: e2e.baseUrl });
  await thief.addCookies(await victim.cookies());
  return thief;
}

async function mintsPlaygroundToken(context: BrowserContext, slug: string): Promise<boolean> {
  const response = await context.request.post(`/api/console/teams/${slug}/playground-token`, { maxRedirects: 0 });
  return response.status() === 200 && typeof ((await response.json()) as { token?: unknown }).token === 'string';
}

test('a copied session cookie stops working when its owner signs out', async ({ browser }) => {
  const { slug, adminContext, personContext, personPage } = await teamWithInvitee(browser, 'Sessions', 'member', {
    name: 'Sam Signout',
    email: 'sam@example.com',
    password: 'sam password 12345',
  });
  const thief = await thiefWith(browser, personContext);
  const thiefPage = await thief.newPage();
  await thiefPage.goto(`/t/${slug}/keys`);
  await expect(thiefPage).toHaveURL(new RegExp(`/t/${slug}/keys$`));
  expect(await mintsPlaygroundToken(thief, slug)).toBe(true);

  await personPage.getByRole('button', { name: 'Sign out' }).click();
  await expect(personPage).toHaveURL(/\/login/);

  await thiefPage.goto(`/t/${slug}/keys`);
  await expect(thiefPage).toHaveURL(/\/login\?next=/);
  expect(await mintsPlaygroundToken(thief, slug)).toBe(false);
  await Promise.all([thief.close(), personContext.close(), adminContext.close()]);
});

test('changing the password signs out every copy of the session', async ({ browser }) => {
  const person = { name: 'Pat Password', email: 'pat@example.com', password: 'pat password 12345' };
  const { slug, adminContext, personContext, personPage } = await teamWithInvitee(browser, 'Passwords', 'viewer', person);
  const thief = await thiefWith(browser, personContext);
  const thiefPage = await thief.newPage();

  await personPage.goto('/account');
  await personPage.getByLabel('Current password').fill(person.password);
  await personPage.getByLabel('New password').fill('pat new password 678');
  await screenshot(personPage, '15-account');
  await personPage.getByRole('button', { name: /Change password/ }).click();
  await expect(personPage).toHaveURL(/\/login/);

  await thiefPage.goto(`/t/${slug}`);
  await expect(thiefPage).toHaveURL(/\/login\?next=/);

  await personPage.getByLabel('Email').fill(person.email);
  await personPage.getByLabel('Password').fill('pat new password 678');
  await personPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(personPage).toHaveURL(/\/teams$/);
  await Promise.all([thief.close(), personContext.close(), adminContext.close()]);
});

test('removing a member says how many keys stop, and stops them', async ({ browser }) => {
  const { slug, adminContext, adminPage, personContext, personPage } = await teamWithInvitee(browser, 'Leavers', 'member', {
    name: 'Lee Leaver',
    email: 'lee@example.com',
    password: 'lee password 12345',
  });
  await personPage.goto(`/t/${slug}/keys`);
  await personPage.getByLabel('Name').fill('laptop');
  await personPage.getByRole('button', { name: 'Create key' }).click();
  const key = (await personPage.getByTestId('new-api-key').textContent())!;
  const call = () => gatewayClient(key).chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] });
  expect(await failureStatus(call())).not.toBe(401);

  await adminPage.goto(`/t/${slug}/members`);
  await adminPage.getByRole('button', { name: 'Remove Lee Leaver' }).click();
  const dialog = adminPage.getByRole('dialog');
  await expect(dialog).toContainText('The API key they created in this team will stop working.');
  await screenshot(adminPage, '16-remove-member');
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(adminPage.locator('tr', { hasText: 'lee@example.com' })).toHaveCount(0);
  expect(await failureStatus(call())).toBe(401);
  await Promise.all([personContext.close(), adminContext.close()]);
});

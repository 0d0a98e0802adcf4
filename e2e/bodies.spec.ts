import type { Browser, Page } from '@playwright/test';
import { adminState, e2e, expect, gatewayClient, screenshot, test, upstreamCalls } from './fixtures';

// Request and response bodies on a team of its own: off by default (the generation page says
// nothing was stored), turned on in the Settings card with a retention and a pattern of the
// team's own, stored redacted by the batched writer and shown on the generation page to admins
// and to the member whose key made the call, not to another member.
test.use({ storageState: adminState });

const adminHeaders = () => ({ authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' });
const model = 'openai/gpt-4o-mini';
// An email address (always redacted) and a customer number that only the team's pattern catches.
const prompt = 'Please write to jane.doe@example.org about order CUST-48213 today.';
const pattern = 'CUST-\\d{5}';

const bodyCard = (page: Page) => page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Request and response', exact: true }) });
const nothingStored = 'No content is stored for this call';
const forbidden = 'Only team admins and the person whose key made this call can read its content.';

/**
 * Opens a generation's page until its body has been written: the writer batches off the
 * request path, so the first look may come before it.
 */
async function openStoredBody(page: Page, generationId: string) {
  await expect(async () => {
    await page.goto(`/t/bodies/usage/${generationId}`);
    await expect(bodyCard(page).locator('.body-messages')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  return bodyCard(page);
}

/** A new person joins the team through an invite link (made with the admin API), in a browser context of their own. */
async function joinAsMember(browser: Browser, name: string, email: string) {
  const invite = await fetch(`${e2e.baseUrl}/api/admin/teams/bodies/invites`, { method: 'POST', headers: adminHeaders(), body: JSON.stringify({ role: 'member' }) });
  expect(invite.status, await invite.clone().text()).toBe(201);
  const { path } = (await invite.json()) as { path: string };
  // Signed out: the file's test.use would otherwise hand the new context the admin's session.
  const context = await browser.newContext({ baseURL: e2e.baseUrl, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(path);
  await expect(page.getByText('as a member')).toBeVisible();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('member password 123');
  await page.getByLabel('Password again').fill('member password 123');
  await page.getByRole('button', { name: 'Create account and join' }).click();
  await expect(page).toHaveURL(/\/t\/bodies$/);
  return { context, page };
}

test.describe.serial('request and response bodies', () => {
  let key = '';
  let unstoredId = '';
  let storedId = '';

  test.beforeAll(async ({ request }) => {
    const team = await request.post(`${e2e.baseUrl}/api/admin/teams`, { headers: adminHeaders(), data: { name: 'Bodies', slug: 'bodies', initialCredits: '5' } });
    expect(team.ok(), await team.text()).toBe(true);
    const created = await request.post(`${e2e.baseUrl}/api/admin/teams/bodies/keys`, { headers: adminHeaders(), data: { name: 'bodies e2e' } });
    expect(created.ok(), await created.text()).toBe(true);
    key = ((await created.json()) as { key: string }).key;
  });

  test('while the team does not store bodies, a generation’s page says nothing was stored', async ({ page }) => {
    const reply = await gatewayClient(key).chat.completions.create({ model, messages: [{ role: 'user', content: prompt }] });
    unstoredId = reply.id;
    await expect(async () => {
      await page.goto(`/t/bodies/usage/${unstoredId}`);
      await expect(page.getByRole('heading', { name: 'Attempts' })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await expect(bodyCard(page)).toContainText(nothingStored);
    await expect(bodyCard(page).locator('.body-messages')).toHaveCount(0);
  });

  test('an admin turns bodies on with a retention and a pattern of the team’s own; a pattern that can backtrack is refused', async ({ page }) => {
    await page.goto('/t/bodies/settings');
    const card = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Request and response bodies' }) });
    const store = card.getByLabel('Store request and response bodies');
    const days = card.getByLabel('Keep for (days)');
    const patterns = card.getByLabel('Extra redaction patterns');
    await expect(store).not.toBeChecked();
    await expect(days).toHaveValue('30');

    // Nested quantifiers can take exponential time: refused at the field, and nothing is saved.
    await store.check();
    await days.fill('7');
    await patterns.fill(`${pattern}\n(a+)+`);
    await card.getByRole('button', { name: 'Save' }).click();
    await expect(card.locator('.field-error')).toHaveText('Nested quantifiers such as (a+)+ are not allowed: they can take exponential time.');
    await page.reload();
    await expect(store).not.toBeChecked();
    await expect(days).toHaveValue('30');
    await expect(patterns).toHaveValue('');

    await store.check();
    await days.fill('7');
    await patterns.fill(pattern);
    await card.getByRole('button', { name: 'Save' }).click();
    await expect(card.getByRole('status')).toHaveText('Saved. The next request follows the new setting.');
    await page.reload();
    await expect(store).toBeChecked();
    await expect(days).toHaveValue('7');
    await expect(patterns).toHaveValue(pattern);
    await screenshot(page, '50-settings-bodies');
  });

  test('a call’s body is stored redacted and shown on its generation page', async ({ page }) => {
    const reply = await gatewayClient(key).chat.completions.create({ model, messages: [{ role: 'user', content: prompt }] });
    storedId = reply.id;
    const answer = reply.choices[0].message.content!;
    expect(answer).toBeTruthy();
    // The provider got the prompt as written: redaction is of what Gatehouse keeps, not of the call.
    const sent = (await upstreamCalls('openai')).map((call) => JSON.stringify(call.body));
    expect(sent.some((body) => body.includes('jane.doe@example.org') && body.includes('CUST-48213'))).toBe(true);

    const viewer = await openStoredBody(page, storedId);
    await expect(viewer.locator('.body-message').filter({ hasText: 'user' })).toContainText('Please write to [REDACTED:email] about order [REDACTED:custom] today.');
    await expect(viewer.locator('section').filter({ has: page.getByRole('heading', { name: 'Output' }) })).toContainText(answer);
    await expect(viewer).toContainText('(2 values replaced)');
    await viewer.getByText('Raw request').click();
    await expect(viewer.locator('details').filter({ hasText: 'Raw request' }).locator('pre')).toContainText('"content": "Please write to [REDACTED:email] about order [REDACTED:custom] today."');
    await viewer.getByText('Raw response').click();
    await expect(viewer.locator('details').filter({ hasText: 'Raw response' }).locator('pre')).toContainText(answer);
    await expect(viewer).not.toContainText('jane.doe@example.org');
    await expect(viewer).not.toContainText('CUST-48213');
    await screenshot(page, '51-generation-body');

    // The admin API gives the same stored, redacted body.
    const api = await fetch(`${e2e.baseUrl}/api/admin/teams/bodies/generations/${storedId}/body`, { headers: adminHeaders() });
    expect(api.status).toBe(200);
    const { body } = (await api.json()) as { body: { request: string; response: string; redactions: number } };
    expect(body).toMatchObject({ redactions: 2 });
    expect(body.request).toContain('[REDACTED:custom]');
    expect(body.request).not.toContain('jane.doe@example.org');
    expect(body.response).toContain(answer);

    // The call made before bodies were on still has none (the writer has written since).
    await page.goto(`/t/bodies/usage/${unstoredId}`);
    await expect(bodyCard(page)).toContainText(nothingStored);
  });

  test('a member reads the content of calls made with their own key, not another member’s', async ({ browser, page }) => {
    // Two sign-ups, a key and several page loads: generous on a loaded machine.
    test.setTimeout(180_000);
    const mia = await joinAsMember(browser, 'Mia Member', 'mia.bodies@example.com');
    const max = await joinAsMember(browser, 'Max Member', 'max.bodies@example.com');

    await mia.page.goto('/t/bodies/keys');
    await mia.page.getByLabel('Name').fill('mia-key');
    await mia.page.getByRole('button', { name: 'Create key' }).click();
    const miaKey = (await mia.page.getByTestId('new-api-key').textContent())!;
    const reply = await gatewayClient(miaKey).chat.completions.create({ model, messages: [{ role: 'user', content: 'Mia here: reach me at mia.private@example.net' }] });

    // Mia made the call: she reads it.
    const own = await openStoredBody(mia.page, reply.id);
    await expect(own.locator('.body-message').filter({ hasText: 'user' })).toContainText('Mia here: reach me at [REDACTED:email]');

    // Max is a member too: he sees the call's usage, not what was said.
    await max.page.goto(`/t/bodies/usage/${reply.id}`);
    await expect(max.page.getByRole('heading', { name: 'Attempts' })).toBeVisible();
    await expect(bodyCard(max.page)).toContainText(forbidden);
    await expect(bodyCard(max.page)).not.toContainText('Mia here');
    await screenshot(max.page, '52-generation-body-forbidden');
    // Nor can Mia read the call of a key she did not create.
    await mia.page.goto(`/t/bodies/usage/${storedId}`);
    await expect(bodyCard(mia.page)).toContainText(forbidden);
    await expect(bodyCard(mia.page)).not.toContainText('[REDACTED:custom]');

    // An admin reads every call's content.
    await page.goto(`/t/bodies/usage/${reply.id}`);
    await expect(bodyCard(page).locator('.body-message').filter({ hasText: 'user' })).toContainText('Mia here: reach me at [REDACTED:email]');

    await mia.context.close();
    await max.context.close();
  });
});

import { adminState, e2e, expect, failureStatus, gatewayClient, screenshot, test } from './fixtures';

const ask = (key: string) => gatewayClient(key).chat.completions.create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] });

test.use({ storageState: adminState });

// An admin opens a key from the list, edits its limits, rotates it with a grace period and
// copies the new secret, shown this once; then rotates again with no grace.
test('edit a key’s limits, rotate it with a grace period, copy the new secret once', async ({ page, context }) => {
  // Several page loads and gateway calls: generous on a loaded machine.
  test.setTimeout(240_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.baseUrl });
  const granted = await fetch(`${e2e.baseUrl}/api/admin/teams/default/credits`, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amount: '5' }),
  });
  expect(granted.status).toBe(201);

  await page.goto('/t/default/keys');
  await page.getByLabel('Name').fill('rotation-e2e');
  await page.getByRole('button', { name: 'Create key' }).click();
  const original = (await page.getByTestId('new-api-key').textContent())!;
  await page.getByRole('button', { name: 'Done, I saved the key' }).click();
  await page.getByRole('link', { name: 'rotation-e2e' }).click();
  await expect(page).toHaveURL(/\/t\/default\/keys\/key_\w+$/);
  await expect(page.getByRole('heading', { name: 'rotation-e2e' })).toBeVisible();

  // Edit: name, spend limit and period, per-minute limits.
  const settings = page.getByRole('form', { name: 'Key settings' });
  await settings.getByLabel('Name').fill('rotation-e2e-prod');
  await settings.getByLabel('Spend limit in $').fill('2.5');
  await settings.getByLabel('Limit applies').selectOption('month');
  await settings.getByLabel('Requests per minute').fill('120');
  await settings.getByLabel('Tokens per minute').fill('50000');
  await settings.getByRole('button', { name: 'Save changes' }).click();
  await expect(settings.getByRole('status')).toHaveText(/Saved/);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'rotation-e2e-prod' })).toBeVisible();
  await expect(page.getByText('limit $2.50 per month')).toBeVisible();
  await expect(page.getByText('120 requests/min')).toBeVisible();
  await expect(page.getByRole('form', { name: 'Key settings' }).getByLabel('Tokens per minute')).toHaveValue('50000');
  // A bad value is explained at the form, and nothing is saved.
  await page.getByRole('form', { name: 'Key settings' }).getByLabel('Spend limit in $').fill('0');
  await page.getByRole('form', { name: 'Key settings' }).getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('form', { name: 'Key settings' }).getByRole('alert')).toContainText('more than $0');

  expect((await ask(original)).choices[0].message.content).toBeTruthy();
  // Last used comes from the usage row's batch. In stop 24's full-suite runs on a 2-core machine
  // the key page showed no use for more than 10 s after the call about half the time; in passing
  // runs the row is there 30 ms after the answer, and stop 26 saw no stall in eleven runs with a
  // 10 s wait. The stall is unexplained (issue 14's notes), so the wait stays at 30 s.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('Last used')).toBeVisible();
    await expect(page.locator('.key-facts dd').nth(2)).not.toHaveText('never');
  }).toPass({ timeout: 30_000 });

  // Rotate, keeping the old secret for an hour.
  const rotate = page.getByRole('form', { name: 'Rotate key' });
  await rotate.getByLabel('Old secret').selectOption('1h');
  await rotate.getByRole('button', { name: 'Rotate secret' }).click();
  const secret = page.getByTestId('rotated-api-key');
  await expect(secret).toHaveText(/^gth_[0-9A-Za-z]{36}$/);
  const rotated = (await secret.textContent())!;
  expect(rotated).not.toBe(original);
  await expect(page.getByText(/The old secret keeps working until/)).toBeVisible();
  await page.getByRole('button', { name: 'Copy key' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(rotated);
  await screenshot(page, '30-key-rotated');
  // Both work during the grace.
  expect((await ask(rotated)).choices[0].message.content).toBeTruthy();
  expect((await ask(original)).choices[0].message.content).toBeTruthy();

  await page.getByRole('button', { name: 'Done, I saved the key' }).click();
  await page.reload();
  // Shown once: gone after a reload; the overview tells how long the old secret lasts.
  expect(await page.content()).not.toContain(rotated);
  await expect(page.getByText(/old secret works until/)).toBeVisible();
  await expect(page.getByText(rotated.slice(0, 10) + '…').first()).toBeVisible();

  // Rotate again with no grace: the secret it replaces stops at once, and so does the first one.
  await page.getByRole('form', { name: 'Rotate key' }).getByLabel('Old secret').selectOption('now');
  await page.getByRole('form', { name: 'Rotate key' }).getByRole('button', { name: 'Rotate secret' }).click();
  const newest = (await page.getByTestId('rotated-api-key').textContent())!;
  await expect(page.getByText('The old secret no longer works.')).toBeVisible();
  expect(await failureStatus(ask(rotated))).toBe(401);
  expect(await failureStatus(ask(original))).toBe(401);
  expect((await ask(newest)).choices[0].message.content).toBeTruthy();
  await page.getByRole('button', { name: 'Done, I saved the key' }).click();

  // The page fits a 390 px phone without sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'rotation-e2e-prod' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, '31-key-page-phone');
});

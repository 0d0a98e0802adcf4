import { admin, adminState, e2e, expect, screenshot, test } from './fixtures';

// The first run: the setup link printed at start creates the first instance admin.
test('the setup link creates the first admin, who lands in the default team', async ({ page }) => {
  await page.goto(e2e.setupUrl);
  await expect(page.getByRole('heading', { name: 'Welcome to Gatehouse' })).toBeVisible();
  await screenshot(page, '01-setup');
  await page.getByLabel('Your name').fill(admin.name);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Password again').fill(admin.password);
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page).toHaveURL(/\/t\/default$/);
  await expect(page.getByRole('heading', { name: 'Default' })).toBeVisible();
  await page.context().storageState({ path: adminState });

  // The link is single-use.
  await page.goto(e2e.setupUrl);
  await expect(page.getByRole('heading', { name: 'Setup link not valid' })).toBeVisible();
});

test('sign-out and sign-in with the password; a wrong password is refused', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill('wrong password!');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('p[role=alert]')).toHaveText('Wrong email or password.');
  await screenshot(page, '02-login');
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/teams$/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/t/default/keys');
  await expect(page).toHaveURL(/\/login\?next=/);
});

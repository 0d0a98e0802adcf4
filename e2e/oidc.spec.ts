import { startOidcIssuer, type OidcIssuer } from '../test/oidc-issuer';
import { adminState, expect, screenshot, test } from './fixtures';

test.use({ storageState: adminState });

let issuer: OidcIssuer;
test.beforeAll(async () => {
  // A local OpenID provider in the test runner; the Gatehouse under test fetches its keys from 127.0.0.1.
  issuer = await startOidcIssuer({ audience: 'gatehouse-e2e' });
});
test.afterAll(async () => issuer?.close());

// Keyless auth set up in the browser: a trust is added (after a mistake shown at the field),
// then its JWTs authenticate at the gateway until it is disabled or deleted.
test('an admin trusts an OIDC issuer in the console, and its tokens work while the trust is enabled', async ({ page, request }) => {
  const jwt = await issuer.token({}, { subject: 'repo:acme/app:ref:refs/heads/main' });
  const credits = async () => (await request.get('/v1/credits', { headers: { authorization: `Bearer ${jwt}` } })).status();
  expect(await credits()).toBe(401);

  await page.goto('/t/default');
  await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'OIDC trusts' }).click();
  await expect(page).toHaveURL(/\/t\/default\/oidc$/);
  await expect(page.getByText('No OIDC trusts yet')).toBeVisible();

  await page.getByLabel('Issuer URL').fill('token.actions.githubusercontent.com');
  await page.getByLabel('Audience').fill(issuer.audience);
  await page.getByLabel('Claim conditions').fill('sub=repo:acme/*:ref:refs/heads/main');
  await page.getByLabel('Label (optional)').fill('acme CI');
  await page.getByRole('button', { name: 'Add trust' }).click();
  await expect(page.locator('#oidc-issuer-error')).toHaveText('The issuer is not a URL.');
  await expect(page.getByLabel('Issuer URL')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Audience')).toHaveValue(issuer.audience);

  await page.getByLabel('Issuer URL').fill(`${issuer.issuer}/`);
  await page.getByRole('button', { name: 'Add trust' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Trusted ${issuer.issuer}` })).toBeVisible();
  await expect(page.locator('#oidc-issuer-error')).toHaveCount(0);
  const row = page.locator('tbody tr', { hasText: 'acme CI' });
  await expect(row).toContainText(issuer.issuer);
  await expect(row).toContainText('gatehouse-e2e');
  await expect(row).toContainText('sub = repo:acme/*:ref:refs/heads/main');
  await expect(row.locator('.badge')).toHaveText('enabled');
  await screenshot(page, '17-oidc-trusts');
  expect(await credits()).toBe(200);

  await row.getByRole('button', { name: 'Disable acme CI' }).click();
  await expect(row.locator('.badge')).toHaveText('disabled');
  expect(await credits()).toBe(401);

  await row.getByRole('button', { name: 'Enable acme CI' }).click();
  await expect(row.locator('.badge')).toHaveText('enabled');
  expect(await credits()).toBe(200);

  await row.getByRole('button', { name: 'Delete acme CI' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Delete “acme CI”?');
  await dialog.getByRole('button', { name: 'Delete trust' }).click();
  await expect(page.getByText('No OIDC trusts yet')).toBeVisible();
  expect(await credits()).toBe(401);
});

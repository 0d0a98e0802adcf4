import { adminState, e2e, expect, screenshot, test } from './fixtures';

// The instance admin reads the default team's audit log and the install-wide one, filters it,
// and downloads the usage page's CSV export with the page's filters.
test('the audit log pages list admin changes, filtered from the address', async ({ browser }) => {
  const context = await browser.newContext({ storageState: adminState, baseURL: e2e.baseUrl });
  const page = await context.newPage();
  await page.goto('/t/default');
  await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page).toHaveURL(/\/t\/default\/audit$/);
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByTestId('audit-table').getByText('setup.first_admin')).toBeVisible();
  await screenshot(page, '30-audit-team');

  await page.getByLabel('Action').fill('no.such_action');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=no\.such_action/);
  await expect(page.getByText('No admin change matches these filters.')).toBeVisible();

  await page.getByRole('link', { name: 'All teams' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByTestId('audit-table').getByRole('columnheader', { name: 'Team' })).toBeVisible();
  await screenshot(page, '31-audit-instance');
  await context.close();
});

test('the usage page exports the filtered rows as CSV', async ({ browser }) => {
  const context = await browser.newContext({ storageState: adminState, baseURL: e2e.baseUrl });
  const page = await context.newPage();
  await page.goto('/t/default/usage?range=24h&status=error');
  const link = page.getByTestId('usage-export-csv');
  await expect(link).toBeVisible();
  const href = (await link.getAttribute('href'))!;
  expect(href).toMatch(/^\/api\/console\/teams\/default\/usage\/export\?/);
  expect(new URL(href, e2e.baseUrl).searchParams.get('status')).toBe('error');
  const download = await context.request.get(href);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect((await download.text()).split('\r\n')[0]).toMatch(/^generation_id,created_at,/);
  await context.close();
});

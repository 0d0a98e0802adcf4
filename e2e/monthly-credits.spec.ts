import { e2e, adminState, expect, screenshot, test } from './fixtures';

test.use({ storageState: adminState });

const adminHeaders = () => ({ authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' });

// A plan that includes credits each month: a team created on it has this month's grant at once,
// shown in its ledger as its own kind of entry.
test('a team on a plan with monthly credits sees the grant in its ledger', async ({ page, request }) => {
  const plan = await request.put(`${e2e.baseUrl}/api/admin/plans/starter`, { headers: adminHeaders(), data: { name: 'Starter', monthlyCredits: '3' } });
  expect(plan.ok(), await plan.text()).toBe(true);
  const team = await request.post(`${e2e.baseUrl}/api/admin/teams`, { headers: adminHeaders(), data: { name: 'Charlie', slug: 'charlie', plan: 'starter' } });
  expect(team.ok(), await team.text()).toBe(true);

  await page.goto('/t/charlie/credits');
  await expect(page.getByTestId('credit-balance')).toHaveText('$3.00');
  await expect(page.getByTestId('monthly-credits')).toHaveText('$3.00');
  const month = new Date().toISOString().slice(0, 7);
  const row = page.locator('tbody tr', { hasText: `Included with the Starter plan for ${month}` });
  await expect(row).toContainText('monthly credits');
  await expect(row).toContainText('+$3.00');
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await screenshot(page, '18-credits-monthly');

  await page.goto('/t/charlie/settings');
  await expect(page.getByText('$3.00 of credits a month')).toBeVisible();
});

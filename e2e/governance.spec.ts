import { adminState, e2e, expect, gatewayClient, screenshot, test } from './fixtures';

test.use({ storageState: adminState });

const adminHeaders = () => ({ authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' });

// Governance in the console, on a team of its own: a model blocked on the Settings page shows as
// blocked in the explorer and is refused by the gateway; a budget added on the Budgets page
// stops its tag's traffic with a 402 naming it, shows its spend, and is deleted again.
test.describe.serial('model lists and budgets', () => {
  let key = '';
  test.beforeAll(async ({ request }) => {
    const team = await request.post(`${e2e.baseUrl}/api/admin/teams`, { headers: adminHeaders(), data: { name: 'Governed', slug: 'governed', initialCredits: '5' } });
    expect(team.ok(), await team.text()).toBe(true);
    const created = await request.post(`${e2e.baseUrl}/api/admin/teams/governed/keys`, { headers: adminHeaders(), data: { name: 'governance e2e' } });
    expect(created.ok(), await created.text()).toBe(true);
    key = ((await created.json()) as { key: string }).key;
  });

  test('a model blocked on the Settings page is marked in the explorer and refused with 403 naming the rule', async ({ page }) => {
    await page.goto('/t/governed/settings');
    await page.getByLabel('Blocked models').fill('openai/gpt-4o-mini');
    await page.getByRole('button', { name: 'Save model lists' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved. The next request follows the new model lists.' })).toBeVisible();

    await page.goto('/t/governed/models');
    await page.getByRole('searchbox', { name: 'Search' }).fill('gpt-4o-mini');
    const row = page.locator('tbody tr').filter({ has: page.getByText('openai/gpt-4o-mini', { exact: true }) });
    await expect(row).toContainText('blocked by model denylist');
    await screenshot(page, '30-models-blocked');

    const refused = await gatewayClient(key)
      .chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: { status?: number; message: string }) => error);
    expect(refused).toMatchObject({ status: 403 });
    expect((refused as Error).message).toContain("model openai/gpt-4o-mini is on the team's model denylist");

    await page.goto('/t/governed/playground');
    await expect(page.locator('select option[value="openai/gpt-4o-mini"]')).toHaveCount(0);
    await expect(page.locator('select option[value="openai/gpt-4o"]').first()).toBeAttached();
  });

  test('an admin adds a budget, its tag is stopped with a 402 naming it, and the page shows the spend', async ({ page }) => {
    await page.goto('/t/governed');
    await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Budgets' }).click();
    await expect(page).toHaveURL(/\/t\/governed\/budgets$/);
    await expect(page.getByText('No budgets yet')).toBeVisible();

    await page.getByLabel('Applies to').selectOption('tag');
    await page.getByLabel('Which one').fill('e2e-batch');
    await page.getByLabel('Per', { exact: true }).selectOption('week');
    await page.getByLabel('Limit (USD)').fill('0.0001');
    await page.getByRole('button', { name: 'Add budget' }).click();
    await expect(page.getByRole('status').filter({ hasText: "Budget set for tag 'e2e-batch'" })).toBeVisible();
    const row = page.locator('tbody tr', { hasText: 'e2e-batch' });
    await expect(row).toContainText('per week');
    await expect(row).toContainText('$0.00 / $0.000100');

    const client = gatewayClient(key);
    let refusal: { status?: number; message: string } | undefined;
    for (let index = 0; index < 8 && !refusal; index++) {
      await client.chat.completions
        .create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 20, providerOptions: { gateway: { tags: ['e2e-batch'] } } } as never)
        .catch((error: { status?: number; message: string }) => {
          refusal = error;
        });
      // Each row is written before the next call (the meter flushes every 50 ms here).
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(refusal?.status).toBe(402);
    expect(refusal?.message).toContain("budget exceeded: tag 'e2e-batch' week limit $0.000100 (spent $0.000");

    await page.reload();
    await expect(row).not.toContainText('$0.00 /');
    await expect(row.locator('meter')).toHaveAttribute('value', '1');
    await screenshot(page, '31-budgets');

    await row.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText("Delete the budget for tag 'e2e-batch'?");
    await dialog.getByRole('button', { name: 'Delete budget' }).click();
    await expect(page.getByText('No budgets yet')).toBeVisible();
  });
});

import { startWebhookReceiver, type WebhookReceiver } from '../test/webhook-receiver';
import { adminState, expect, screenshot, test } from './fixtures';

test.use({ storageState: adminState });

let receiver: WebhookReceiver;
test.beforeAll(async () => {
  // A local receiver in the test runner that checks the signature; the Gatehouse under test may reach 127.0.0.1 (operator allow-list).
  receiver = await startWebhookReceiver();
});
test.afterAll(async () => receiver?.close());

// Webhooks in the browser: the secret is shown once, a test event arrives signed, and the delivery log shows it.
test('an admin adds a webhook, sends a signed test event, and sees it in the delivery log', async ({ page }) => {
  await page.goto('/t/default');
  await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Alerts' }).click();
  await expect(page).toHaveURL(/\/t\/default\/alerts$/);
  await expect(page.getByText('No webhooks', { exact: true })).toBeVisible();

  // A metadata address is refused at the field.
  await page.getByLabel('URL').fill('http://169.254.169.254/latest/meta-data');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await expect(page.locator('#webhook-url-error')).toContainText('non-public address');

  await page.getByLabel('URL').fill(receiver.url);
  await page.getByLabel('Description (optional)').fill('ops pager');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
  expect(secret).toMatch(/^whsec_/);
  receiver.state.secret = secret;
  await page.getByRole('button', { name: 'Done, I saved the secret' }).click();

  const row = page.locator('tbody tr', { hasText: 'ops pager' });
  await expect(row).toContainText(receiver.url);
  await expect(row).toContainText(`••••${secret.slice(-4)}`);
  await expect(page.locator('body')).not.toContainText(secret);

  await row.getByRole('button', { name: 'Send test event' }).click();
  await expect(row.getByRole('status')).toHaveText('Delivered (HTTP 200).');
  expect(receiver.received).toHaveLength(1);
  expect(receiver.received[0]).toMatchObject({ verified: true, event: 'webhook.test' });

  await page.reload();
  const log = page.getByTestId('delivery-log');
  await expect(log.locator('tbody tr').first()).toContainText('webhook.test');
  await expect(log.locator('tbody tr').first().locator('.badge')).toHaveText('delivered');
  await expect(log.locator('tbody tr').first()).toContainText('200');

  // A rule, with thresholds shown as entered.
  await page.getByLabel('Alert when').selectOption('key_spend');
  await page.getByLabel('Percent of each key’s spend limit').fill('50, 80, 100');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.locator('tbody tr', { hasText: 'API key spend limit' })).toContainText('50%, 80%, 100%');
  await screenshot(page, '30-alerts');

  // Disabled: no test button; the row says so.
  await row.getByRole('button', { name: `Disable ${receiver.url}` }).click();
  await expect(row.locator('.badge')).toHaveText('disabled');
  await expect(row.getByRole('button', { name: 'Send test event' })).toHaveCount(0);

  // Fits a phone: tables scroll inside their cards, the page itself does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

import { adminState, e2e, expect, gatewayClient, screenshot, test } from './fixtures';

// The usage page of a team with a few calls: hourly charts, the previous period drawn dashed,
// the chart time zone (remembered in the browser), a filter suggestion picked from what was
// typed, and a generation opened by its id.
test.use({ storageState: adminState });

const adminHeaders = () => ({ authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' });

test.describe.serial('usage charts, zones, suggestions and lookup', () => {
  let generationId = '';
  /** The UTC day the calls were made on (read after them, so a run across midnight still finds them in it). */
  let callDay = '';

  test.beforeAll(async ({ request }) => {
    const team = await request.post(`${e2e.baseUrl}/api/admin/teams`, { headers: adminHeaders(), data: { name: 'Charts', slug: 'charts', initialCredits: '5' } });
    expect(team.ok()).toBe(true);
    const created = await request.post(`${e2e.baseUrl}/api/admin/teams/charts/keys`, { headers: adminHeaders(), data: { name: 'charts-key' } });
    expect(created.ok()).toBe(true);
    const { key } = (await created.json()) as { key: string };
    const client = gatewayClient(key);
    const first = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] });
    generationId = first.id;
    await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4', messages: [{ role: 'user', content: 'Hello' }] });
    callDay = new Date().toISOString().slice(0, 10);
  });

  test('the last 24 hours chart by hour, with latency and error-rate charts', async ({ page }) => {
    await page.goto('/t/charts/usage?range=24h');
    await expect(page.getByRole('heading', { name: 'Latency (approximate)' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Error rate' })).toBeVisible();
    await expect(page.getByText('List price per hour')).toBeVisible();
    await expect(page.locator('.usage-summary').getByText('Requests')).toBeVisible();
    await expect(page.locator('.usage-summary .stat').filter({ hasText: 'Requests' }).locator('.stat-value')).toHaveText('2');
    await expect(page.locator('.usage-summary').getByText('none in the previous period').first()).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Top members' })).toBeVisible();
    // A key made through the admin API has no creator: the member list names the key.
    await expect(page.locator('.usage-top').getByText('Key charts-key')).toBeVisible();
    await screenshot(page, '40-usage-hourly');
  });

  test('the previous period is a dashed line under the same filters, and its legend toggle hides it', async ({ page }) => {
    const card = (title: string) => page.locator('.usage-charts > .card').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
    const dashed = (title: string) => card(title).locator('svg path[stroke-dasharray]');
    const toggle = page.getByRole('checkbox', { name: 'Previous period' });

    // The last 24 hours: the day before has no calls, so there is nothing to draw (the toggle is still there).
    await page.goto('/t/charts/usage?range=24h');
    await expect(card('Spend').locator('svg .recharts-bar-rectangle').first()).toBeVisible();
    await expect(toggle).toBeChecked();
    // Its previous period may be fetched after the first paint (in the browser's time zone): count once it has come.
    await page.waitForLoadState('networkidle');
    await expect(dashed('Spend')).toHaveCount(0);
    await expect(dashed('Requests')).toHaveCount(0);

    // The calls were all made on callDay: a custom range of the next day has them in its previous period.
    const nextDay = new Date(Date.parse(`${callDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await page.goto(`/t/charts/usage?from=${nextDay}&to=${nextDay}`);
    await expect(dashed('Spend')).toHaveCount(1);
    await expect(dashed('Requests')).toHaveCount(1);
    await expect(card('Spend').locator('.chart-legend')).toContainText('Previous period');
    // The tooltip gives the previous period's value with its own bucket, next to the current one.
    await card('Requests').locator('.recharts-surface').hover();
    await expect(card('Requests').locator('.chart-tooltip')).toContainText(/Previous period, \w{3} \d{1,2} \d\d:00/);
    await screenshot(page, '43-usage-previous-period');

    await toggle.uncheck();
    await expect(dashed('Spend')).toHaveCount(0);
    await expect(dashed('Requests')).toHaveCount(0);
    await toggle.check();
    await expect(dashed('Spend')).toHaveCount(1);

    // The previous period is filtered as the current one: no errors then, so no line.
    await page.goto(`/t/charts/usage?from=${nextDay}&to=${nextDay}&status=error`);
    await expect(page.getByText('No requests in this range')).toBeVisible();
    await expect(toggle).toBeChecked();
    await expect(dashed('Requests')).toHaveCount(0);
  });

  test('switching the time zone re-buckets the charts and is remembered', async ({ page }) => {
    await page.goto('/t/charts/usage?range=24h');
    const zone = page.getByLabel('Charts in time zone');
    // Listen before switching: on a fast machine the request and its answer come before a later listener.
    // The previous period (the dashed line) is fetched in the new zone too, and may answer first: not that one.
    const answered = page.waitForResponse((item) => item.url().includes('/usage/timeseries') && item.url().includes('timeZone=Australia%2FAdelaide') && !item.url().includes('period=previous'));
    await zone.selectOption('Australia/Adelaide');
    const response = await answered;
    const body = (await response.json()) as { timeZone: string; points: Array<{ bucket: string }>; total: { requests: number } };
    expect(body.timeZone).toBe('Australia/Adelaide');
    // Adelaide is UTC+10:30 in December: its hours start at half past UTC hours, and the calls are all still counted.
    expect(body.total.requests).toBe(2);
    const localHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Australia/Adelaide', hour: '2-digit', hourCycle: 'h23' }).format(new Date());
    expect(body.points.at(-1)!.bucket.slice(11, 13)).toBe(localHour);
    await expect(page.getByText('List price per hour (Australia/Adelaide)')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Charts in time zone')).toHaveValue('Australia/Adelaide');
    await expect(page.getByText('List price per hour (Australia/Adelaide)')).toBeVisible();
  });

  test('typing part of a model suggests it; a click filters by it exactly', async ({ page }) => {
    await page.goto('/t/charts/usage?range=24h');
    const model = page.getByRole('combobox', { name: 'Model' });
    await model.fill('CLAUDE');
    const option = page.getByRole('option', { name: /anthropic\/claude-sonnet-4/ });
    await expect(option).toBeVisible();
    await screenshot(page, '41-usage-suggestion');
    await option.click();
    await expect(page).toHaveURL(/model=anthropic%2Fclaude-sonnet-4/);
    await expect(page.locator('.usage-summary .stat').filter({ hasText: 'Requests' }).locator('.stat-value')).toHaveText('1');
    // Typed text without a pick is a contains match.
    await model.fill('gpt');
    await model.press('Enter');
    await expect(page).toHaveURL(/model=\*gpt\*/);
    await expect(page.locator('.usage-table tbody tr')).toHaveCount(1);
    await expect(page.locator('.usage-table tbody')).toContainText('openai/gpt-4o-mini');
  });

  test('a generation id opens its page; an unknown one says so', async ({ page }) => {
    await page.goto('/t/charts/usage');
    const lookup = page.getByRole('search', { name: 'Find a generation' });
    const box = lookup.getByLabel('Generation id');
    await box.fill('gen_00000000000000000000000000');
    await lookup.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'No generation gen_00000000000000000000000000 in this team.' })).toBeVisible();
    await box.fill(generationId);
    await lookup.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/t/charts/usage/${generationId}$`));
    await expect(page.getByText(generationId).first()).toBeVisible();
  });

  test('fits a phone screen', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/t/charts/usage?range=24h');
    await expect(page.getByRole('heading', { name: 'Error rate' })).toBeVisible();
    // The usage page's own parts stay within the screen (the console's frame is not this page's).
    const parts = await page.evaluate(() =>
      ['.usage-filters', '.usage-toolbar', '.usage-summary', '.usage-charts', '.usage-top'].map((selector) => {
        const element = document.querySelector(selector)!;
        return { selector, right: Math.round(element.getBoundingClientRect().right), overflow: element.scrollWidth - element.clientWidth };
      }),
    );
    for (const part of parts) expect(part, part.selector).toMatchObject({ overflow: 0 });
    // Each part is no wider than the column it sits in. (At 390 px the console frame itself, nav and
    // layout, is wider than the screen: that is the layout's to fix, not this page's.)
    const column = await page.evaluate(() => Math.round(document.querySelector('.usage-filters')!.parentElement!.getBoundingClientRect().right));
    for (const part of parts) expect(part.right, part.selector).toBeLessThanOrEqual(column);
    await screenshot(page, '42-usage-phone');
  });
});

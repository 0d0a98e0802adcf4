import { admin, adminState, e2e, expect, gatewayClient, screenshot, test } from './fixtures';

// Issue 17 part A: the console's rough edges, each as a person meets it.

const adminHeaders = () => ({ authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' });

test('signed out, a deep link with a query comes back to the same page after sign-in', async ({ page }) => {
  await page.goto('/t/default/usage?range=7d');
  await expect(page).toHaveURL(/\/login\?next=%2Ft%2Fdefault%2Fusage%3Frange%3D7d$/);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/t\/default\/usage\?range=7d$/);
  // Another host in `next` is refused: the sign-in lands on the teams page instead.
  await page.context().clearCookies();
  await page.goto('/login?next=%2F%09%2Fevil.example');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/teams$/);
});

test.describe.serial('a team with a narrow routing policy', () => {
  test.use({ storageState: adminState });

  test.beforeAll(async ({ request }) => {
    const response = await request.post(`${e2e.baseUrl}/api/admin/teams`, { headers: adminHeaders(), data: { name: 'Narrow', slug: 'narrow', initialCredits: '20' } });
    expect(response.ok(), await response.text()).toBe(true);
    // A key made outside the console, like the one printed at first start.
    const key = await request.post(`${e2e.baseUrl}/api/admin/teams/narrow/keys`, { headers: adminHeaders(), data: { name: 'from the terminal' } });
    expect(key.ok(), await key.text()).toBe(true);
  });

  test('the checklist does not count a key nobody created in the console; the base URL copies', async ({ page }) => {
    await page.goto('/t/narrow');
    const step = page.getByRole('listitem').filter({ hasText: 'Create an API key' });
    await expect(step).toBeVisible();
    await expect(step.getByText('done')).toHaveCount(0);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.baseUrl });
    await page.getByRole('button', { name: 'Copy base URL' }).click();
    await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${e2e.baseUrl}/v1`);
  });

  test('saving an allowlist says how many models are left, and the settings hints follow the boxes', async ({ page }) => {
    await page.goto('/t/narrow/settings');
    const hint = page.locator('#allow-hint');
    await expect(hint).toContainText('None checked, so every provider is allowed');
    const allowed = page.getByRole('group', { name: 'Allowed providers' });
    await allowed.getByLabel(/^Anthropic/).check();
    await expect(hint).toHaveText('Only the checked provider serves this team. Uncheck all to allow every provider.');
    await expect(page.getByLabel('Preferred provider order')).toHaveAttribute('placeholder', /^no preference/);
    await page.getByRole('button', { name: 'Save policy' }).click();
    const saved = page.getByRole('status').filter({ hasText: /^Saved/ });
    await expect(saved).toHaveText(/^Saved\. This allowlist leaves \d+ of \d+ models usable: requests for any other model are refused \(403\)/);
    await expect(saved).toHaveClass(/alert-warning/);
    await screenshot(page, 'ux-settings-warning');
  });

  test('a new key’s snippets call a model the allowlist lets through, and that call works', async ({ page }) => {
    await page.goto('/t/narrow/keys');
    await page.getByLabel('Name').fill('console key');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('new-api-key').textContent())!;
    const note = page.getByText(/The examples call/);
    await expect(note).toBeVisible();
    const model = (await note.locator('code').textContent())!;
    expect(model).toMatch(/^anthropic\//);
    await expect(page.locator('.snippet, pre').first()).toContainText(`"model":"${model}"`);
    const completion = await gatewayClient(secret).chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }] });
    expect(completion.choices[0].message.content).toBe('Hello from anthropic!');
    // The old default is refused for this team, which is why the snippet no longer uses it.
    await expect(gatewayClient(secret).chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({ status: 403 });
    await page.getByRole('button', { name: 'Done, I saved the key' }).click();

    await page.goto('/t/narrow');
    await expect(page.getByRole('listitem').filter({ hasText: 'Create an API key' }).getByText('done')).toBeVisible();
  });

  test('the revoke dialog reads left-aligned', async ({ page }) => {
    await page.goto('/t/narrow/keys');
    await page.getByRole('button', { name: 'Revoke key console key' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    expect(await dialog.locator('.muted').first().evaluate((element) => getComputedStyle(element).textAlign)).toMatch(/^(left|start)$/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  test('the models list and a model page give the same reason, and the sort select shows its whole label', async ({ page }) => {
    await page.goto('/t/narrow/models?q=gpt-4o-mini');
    const row = page.locator('tbody tr').filter({ has: page.getByText('openai/gpt-4o-mini', { exact: true }) });
    await expect(row.locator('.badge').filter({ hasText: 'blocked by policy' })).toBeVisible();
    const sort = page.getByLabel('Sort by', { exact: true });
    await sort.selectOption('context');
    const fits = await sort.evaluate((select: HTMLSelectElement) => {
      const probe = document.createElement('span');
      probe.style.font = getComputedStyle(select).font;
      probe.style.position = 'absolute';
      probe.style.whiteSpace = 'nowrap';
      probe.textContent = select.selectedOptions[0].textContent;
      document.body.append(probe);
      const needed = probe.getBoundingClientRect().width;
      probe.remove();
      return { needed, has: select.clientWidth };
    });
    expect(fits.has).toBeGreaterThan(fits.needed + 20);
    await page.goto('/t/narrow/models/openai/gpt-4o-mini');
    await expect(page.locator('tbody tr', { hasText: 'OpenAI' }).locator('.badge')).toHaveText('blocked by policy');
  });

  test('ZDR with an allowlist of a provider without ZDR leaves nothing: said in an error tone, and new snippets warn', async ({ page }) => {
    await page.goto('/t/narrow/settings');
    await page.getByLabel(/^Zero data retention only/).check();
    const allowed = page.getByRole('group', { name: 'Allowed providers' });
    await allowed.getByLabel(/^Anthropic/).uncheck();
    await allowed.getByLabel(/^OpenAI/).check();
    await page.getByRole('button', { name: 'Save policy' }).click();
    const saved = page.getByRole('status').filter({ hasText: /^Saved/ });
    await expect(saved).toHaveText(/^Saved, but ZDR \+ this allowlist leaves no model usable/);
    await expect(saved).toHaveClass(/alert-error/);

    await page.goto('/t/narrow/keys');
    await page.getByLabel('Name').fill('hopeless key');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect(page.getByText('This team cannot call any model right now')).toBeVisible();
  });
});

test.describe.serial('low credits and favicon', () => {
  test.use({ storageState: adminState });

  test('the low-credit banner can be dismissed for one team and stays dismissed', async ({ page, request }) => {
    for (const slug of ['lowone', 'lowtwo']) {
      const response = await request.post(`${e2e.baseUrl}/api/admin/teams`, { headers: adminHeaders(), data: { name: slug, slug, initialCredits: '0.5' } });
      expect(response.ok(), await response.text()).toBe(true);
    }
    await page.goto('/t/lowone/keys');
    const banner = page.locator('.banner', { hasText: 'Credits are low' });
    await expect(banner).toBeVisible();
    await banner.getByRole('button', { name: 'Dismiss this notice' }).click();
    await expect(banner).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
    await expect(page.locator('.banner', { hasText: 'Credits are low' })).toHaveCount(0);
    await page.goto('/t/lowtwo');
    await expect(page.locator('.banner', { hasText: 'Credits are low' })).toBeVisible();
  });

  test('/favicon.ico is an icon, and pages link one', async ({ page, request }) => {
    const icon = await request.get(`${e2e.baseUrl}/favicon.ico`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toMatch(/image\//);
    await page.goto('/t/default');
    await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute('href', /icon|favicon/);
  });
});

test.describe.serial('playground calls', () => {
  test.use({ storageState: adminState });

  test.beforeAll(async ({ request }) => {
    // The default team starts with no credits; playground calls on system keys need some.
    const response = await request.post(`${e2e.baseUrl}/api/admin/teams/default/credits`, { headers: adminHeaders(), data: { amount: '10' } });
    expect(response.ok(), await response.text()).toBe(true);
  });

  test('are named after the person under Top API keys and on their generation', async ({ page }) => {
    await page.goto('/t/default/playground');
    await page.getByLabel('Model', { exact: true }).selectOption('openai/gpt-4o-mini');
    await page.getByLabel('Message').fill('Hello from the playground');
    await page.getByLabel('Message').press('Enter');
    const answer = page.locator('article.answer').last();
    await expect(answer.getByTestId('answer-text')).toHaveText('Hello from openai!');
    await answer.getByTestId('answer-log-link').click();
    await expect(page).toHaveURL(/\/t\/default\/usage\/gen_[0-9A-Z]{26}$/);
    await expect(page.getByText(`Playground · ${admin.name}`)).toBeVisible();

    await page.goto('/t/default/usage');
    const keys = page.locator('section.card', { has: page.getByRole('heading', { name: 'Top API keys' }) });
    await expect(keys.getByText(`Playground · ${admin.name}`)).toBeVisible();
    await expect(keys.getByText('No key (OIDC)')).toHaveCount(0);
  });

  test('stopped mid-stream, its log link opens the record (being recorded first if need be)', async ({ page }) => {
    await page.goto('/t/default/playground');
    await page.getByLabel('Model', { exact: true }).selectOption('openai/gpt-4o-mini');
    await page.getByLabel('Message').fill('Tell me more [[text:one two three four five six seven eight nine ten]] [[delay:700]]');
    await page.getByLabel('Message').press('Enter');
    const answer = page.locator('article.answer').last();
    await expect(answer.getByTestId('answer-text')).toHaveText(/one/);
    await page.getByRole('button', { name: 'Stop' }).click();
    await answer.getByTestId('answer-log-link').click();
    await expect(page).toHaveURL(/\/t\/default\/usage\/gen_[0-9A-Z]{26}$/);
    await expect(page.getByText('aborted').first()).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('generation-pending')).toHaveCount(0);
    await expect(page.getByText(`Playground · ${admin.name}`)).toBeVisible();
  });

  test('a recent id with no record yet shows "being recorded", not 404', async ({ page }) => {
    // An id issued a moment ago that no call used: the page waits for it rather than denying it exists.
    const ulidTime = await page.evaluate(() => {
      const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
      let time = Date.now();
      let out = '';
      for (let index = 0; index < 10; index += 1) {
        out = alphabet[time % 32] + out;
        time = Math.floor(time / 32);
      }
      return out;
    });
    await page.goto(`/t/default/usage/gen_${ulidTime}${'0'.repeat(16)}`);
    await expect(page.getByTestId('generation-pending')).toContainText('Being recorded');
    await screenshot(page, 'ux-generation-pending');
  });
});

test('an owner change asks first, and role changes say saved', async ({ browser }) => {
  const adminContext = await browser.newContext({ storageState: adminState, baseURL: e2e.baseUrl });
  const adminPage = await adminContext.newPage();
  await adminPage.goto('/t/default/members');
  await adminPage.getByLabel('Role', { exact: true }).selectOption('member');
  await adminPage.getByRole('button', { name: 'Create invite link' }).click();
  const link = (await adminPage.getByTestId('invite-link').textContent())!;
  const joinerContext = await browser.newContext({ baseURL: e2e.baseUrl });
  const joiner = await joinerContext.newPage();
  await joiner.goto(link);
  await joiner.getByLabel('Your name').fill('Moe Member');
  await joiner.getByLabel('Email').fill('moe@example.com');
  await joiner.getByLabel('Password', { exact: true }).fill('member password 123');
  await joiner.getByLabel('Password again').fill('member password 123');
  await joiner.getByRole('button', { name: 'Create account and join' }).click();
  await expect(joiner).toHaveURL(/\/t\/default$/);

  await adminPage.goto('/t/default/members');
  const row = adminPage.locator('tr', { hasText: 'moe@example.com' });
  const select = row.getByRole('combobox');
  await select.selectOption('admin');
  await expect(row.getByRole('status').filter({ hasText: 'Saved: Moe Member is now an admin.' })).toBeVisible();
  await expect(select).toHaveValue('admin');

  // Promotion to owner: a dialog first; Cancel leaves the role as it was.
  await select.selectOption('owner');
  const dialog = adminPage.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Make Moe Member an owner?' })).toBeVisible();
  await screenshot(adminPage, 'ux-owner-confirm');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(select).toHaveValue('admin');
  await adminPage.reload();
  await expect(adminPage.locator('tr', { hasText: 'moe@example.com' }).getByRole('combobox')).toHaveValue('admin');

  await adminPage.locator('tr', { hasText: 'moe@example.com' }).getByRole('combobox').selectOption('owner');
  await adminPage.getByRole('dialog').getByRole('button', { name: 'Make owner' }).click();
  await expect(adminPage.locator('tr', { hasText: 'moe@example.com' }).getByRole('status').filter({ hasText: 'Saved: Moe Member is now an owner.' })).toBeVisible();
  await adminPage.reload();
  await expect(adminPage.locator('tr', { hasText: 'moe@example.com' }).getByRole('combobox')).toHaveValue('owner');
  await adminContext.close();
  await joinerContext.close();
});

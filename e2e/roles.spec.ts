import { admin, adminState, e2e, expect, screenshot, test } from './fixtures';

// Two people: the admin invites a viewer into a new team; the viewer can look but not create
// keys, and another team's pages do not exist for them.
test('a viewer cannot create keys, and gets 404 on a team they are not in', async ({ browser }) => {
  const adminContext = await browser.newContext({ storageState: adminState, baseURL: e2e.baseUrl });
  const adminPage = await adminContext.newPage();
  await adminPage.goto('/teams');
  await adminPage.getByLabel('Team name').fill('Bravo');
  await adminPage.getByRole('button', { name: 'Create team' }).click();
  await expect(adminPage).toHaveURL(/\/t\/bravo$/);

  await adminPage.goto('/t/bravo/members');
  await adminPage.getByLabel('Role', { exact: true }).selectOption('viewer');
  await adminPage.getByRole('button', { name: 'Create invite link' }).click();
  const link = (await adminPage.getByTestId('invite-link').textContent())!;
  expect(link).toMatch(/\/invite\/[\w-]+$/);
  await screenshot(adminPage, '11-members-invite');

  const viewerContext = await browser.newContext({ baseURL: e2e.baseUrl });
  const viewer = await viewerContext.newPage();
  await viewer.goto(link);
  await expect(viewer.getByText('as a viewer')).toBeVisible();
  await screenshot(viewer, '12-invite');
  await viewer.getByLabel('Your name').fill('Vic Viewer');
  await viewer.getByLabel('Email').fill('vic@example.com');
  await viewer.getByLabel('Password', { exact: true }).fill('viewer password 123');
  await viewer.getByLabel('Password again').fill('viewer password 123');
  await viewer.getByRole('button', { name: 'Create account and join' }).click();
  await expect(viewer).toHaveURL(/\/t\/bravo$/);

  await viewer.goto('/t/bravo/keys');
  await expect(viewer.getByText('Viewers can see keys but not create them')).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Create key' })).toHaveCount(0);
  await screenshot(viewer, '13-keys-as-viewer');

  // The admin sees the new member.
  await adminPage.goto('/t/bravo/members');
  await expect(adminPage.locator('tr', { hasText: 'vic@example.com' }).getByRole('combobox')).toHaveValue('viewer');
  await screenshot(adminPage, '14-members');

  // Team 'default' belongs to the admin alone: for the viewer it does not exist.
  for (const path of ['/t/default', '/t/default/keys', '/t/default/settings']) {
    const response = await viewer.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(viewer.getByRole('heading', { name: 'Not found' })).toBeVisible();
  }
  expect(admin.email).not.toBe('vic@example.com');
  await viewerContext.close();
  await adminContext.close();
});

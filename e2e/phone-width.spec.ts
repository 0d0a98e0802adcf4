import { adminState, e2e, expect, gatewayClient, test } from './fixtures';
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

// Issue 17: every console page fits a 390 px phone (tables scroll inside their own area, never
// the page) and the team's sections stay reachable through the menu button. Screenshots of each
// page at 1440 and 390 px go to test-results/screenshots/<page>-<width>.png.

test.use({ storageState: adminState });

const TEAM = 'default';
let generationId = '';

/** Every console page, one line each: `team` pages have the sidebar and its menu. Add new pages here. */
const pages: Array<{ name: string; path: () => string; team: boolean }> = [
  { name: 'teams', path: () => '/teams', team: false },
  { name: 'account', path: () => '/account', team: false },
  { name: 'instance-audit', path: () => '/audit', team: false },
  { name: 'overview', path: () => `/t/${TEAM}`, team: true },
  { name: 'keys', path: () => `/t/${TEAM}/keys`, team: true },
  { name: 'usage', path: () => `/t/${TEAM}/usage`, team: true },
  { name: 'generation', path: () => `/t/${TEAM}/usage/${generationId}`, team: true },
  { name: 'models', path: () => `/t/${TEAM}/models`, team: true },
  { name: 'model', path: () => `/t/${TEAM}/models/openai/gpt-4o-mini`, team: true },
  { name: 'playground', path: () => `/t/${TEAM}/playground`, team: true },
  { name: 'credentials', path: () => `/t/${TEAM}/credentials`, team: true },
  { name: 'oidc', path: () => `/t/${TEAM}/oidc`, team: true },
  { name: 'members', path: () => `/t/${TEAM}/members`, team: true },
  { name: 'credits', path: () => `/t/${TEAM}/credits`, team: true },
  { name: 'settings', path: () => `/t/${TEAM}/settings`, team: true },
  { name: 'team-audit', path: () => `/t/${TEAM}/audit`, team: true },
  { name: 'budgets', path: () => `/t/${TEAM}/budgets`, team: true },
  { name: 'alerts', path: () => `/t/${TEAM}/alerts`, team: true },
];

const sections = ['Overview', 'API keys', 'Usage', 'Models', 'Playground', 'Provider keys', 'OIDC trusts', 'Members', 'Credits', 'Budgets', 'Settings', 'Alerts', 'Audit log'];
const adminHeaders = () => ({ authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' });

async function shoot(page: Page, name: string, width: number) {
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `test-results/screenshots/${name}-${width}.png`, fullPage: true });
}

/** The page has rendered its content (not a loading skeleton) and settled. */
async function settled(page: Page) {
  await expect(page.locator('h1').first()).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
  await page.waitForLoadState('networkidle').catch(() => undefined);
}

test.describe('every console page at phone width', () => {
  test.beforeAll(async ({ request }) => {
    // Rows in every table: a key and a call (usage), credits (ledger), a provider key.
    const key = await request.post(`${e2e.baseUrl}/api/admin/teams/${TEAM}/keys`, { headers: adminHeaders(), data: { name: 'phone-width key with a rather long name' } });
    expect(key.ok(), await key.text()).toBe(true);
    const { key: secret } = (await key.json()) as { key: string };
    const credits = await request.post(`${e2e.baseUrl}/api/admin/teams/${TEAM}/credits`, { headers: adminHeaders(), data: { amount: '10' } });
    expect(credits.ok(), await credits.text()).toBe(true);
    await request.post(`${e2e.baseUrl}/api/admin/teams/${TEAM}/credentials`, { headers: adminHeaders(), data: { provider: 'anthropic', apiKey: 'sk-ant-phone-width' } });
    const { response } = await gatewayClient(secret).chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    generationId = response.headers.get('x-generation-id')!;
    expect(generationId).toMatch(/^gen_/);
  });

  for (const entry of pages) {
    test(`${entry.name} fits 390 px${entry.team ? ', with every section behind the menu' : ''}`, async ({ page }) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(entry.path());
      await settled(page);
      await shoot(page, entry.name, 1440);

      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(entry.path());
      await settled(page);
      const widths = await page.evaluate(() => ({ page: document.scrollingElement!.scrollWidth, viewport: window.innerWidth }));
      expect(widths.viewport).toBe(390);
      expect(widths.page, `${entry.path()} is ${widths.page} px wide at 390 px`).toBeLessThanOrEqual(390);
      // Wide tables scroll inside their own wrapper.
      for (const table of await page.locator('table').all()) {
        await expect(table.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " table-scroll ")][1]')).toHaveCount(1);
      }
      await shoot(page, entry.name, 390);

      if (entry.team) {
        const nav = page.getByRole('navigation', { name: 'Team' });
        await expect(nav).toBeHidden();
        const menu = page.getByRole('button', { name: 'Menu' });
        await expect(menu).toHaveAttribute('aria-expanded', 'false');
        await menu.click();
        await expect(menu).toHaveAttribute('aria-expanded', 'true');
        for (const section of sections) await expect(nav.getByRole('link', { name: section, exact: true })).toBeVisible();
        expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
        await shoot(page, `${entry.name}-menu`, 390);
        // Following a section closes the menu on the new page.
        const target = entry.name === 'credits' ? { label: 'Settings', path: 'settings' } : { label: 'Credits', path: 'credits' };
        await nav.getByRole('link', { name: target.label, exact: true }).click();
        await expect(page).toHaveURL(new RegExp(`/t/${TEAM}/${target.path}$`));
        await expect(nav).toBeHidden();
      }
    });
  }
});

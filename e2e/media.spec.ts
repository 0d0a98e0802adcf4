import type { Page } from '@playwright/test';
import { adminState, e2e, expect, screenshot, test, upstreamCalls } from './fixtures';

test.use({ storageState: adminState, viewport: { width: 390, height: 844 } });

const adminHeaders = () => ({ authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' });

/**
 * Switches the playground to a mode. A click that lands before React has hydrated the page does
 * nothing (seen in CI on a loaded machine: the tab took focus, Chat stayed selected), so click
 * until the tab is selected.
 */
async function chooseMode(page: Page, name: 'Image' | 'Speech') {
  const tab = page.getByRole('tab', { name });
  await expect(async () => {
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

// The playground's image and speech modes on a phone-sized screen, against the fake OpenAI
// upstream: each goes through the public gateway, so it is billed and logged like an API call.
test.describe.serial('media in the console', () => {
  test.beforeAll(async ({ request }) => {
    const response = await request.post(`${e2e.baseUrl}/api/admin/teams`, { headers: adminHeaders(), data: { name: 'Mediapen', slug: 'mediapen', initialCredits: '5' } });
    expect(response.ok(), await response.text()).toBe(true);
  });

  test('the model explorer filters by type and labels media models', async ({ page }) => {
    await page.goto('/t/mediapen/models');
    await page.getByLabel('Type', { exact: true }).selectOption('image');
    const row = page.locator('tbody tr', { hasText: 'openai/dall-e-3' });
    await expect(row).toBeVisible();
    await expect(row).toContainText('image');
    await expect(row).toContainText('$0.04 / image');
    await expect(page.locator('tbody tr', { hasText: 'openai/gpt-4o-mini' })).toHaveCount(0);
    await expect(page).toHaveURL(/type=image/);
  });

  test('image mode: a prompt becomes an image on the page, with its cost', async ({ page }) => {
    await page.goto('/t/mediapen/playground');
    await chooseMode(page, 'Image');
    await page.getByLabel('Model', { exact: true }).selectOption('openai/gpt-image-1');
    await page.getByLabel('Prompt').fill('a lighthouse at dusk');
    await page.getByRole('button', { name: 'Generate image' }).click();
    const image = page.getByRole('img', { name: /a lighthouse at dusk/ });
    await expect(image).toBeVisible();
    expect(await image.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    // The fake's 1×1 PNG decodes: the browser knows its size.
    await expect.poll(() => image.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBe(1);
    await expect(page.getByTestId('media-cost')).toHaveText(/^\$0\.01/);
    const call = (await upstreamCalls('openai')).filter((item) => item.path.endsWith('/images/generations')).at(-1);
    expect(call?.body).toMatchObject({ model: 'gpt-image-1', prompt: 'a lighthouse at dusk', n: 1 });
    await screenshot(page, '60-playground-image');
  });

  test('speech mode: text becomes audio in a player, with its cost', async ({ page }) => {
    await page.goto('/t/mediapen/playground');
    await chooseMode(page, 'Speech');
    await page.getByLabel('Model', { exact: true }).selectOption('openai/tts-1');
    await page.getByLabel('Voice').selectOption('nova');
    const text = 'Welcome to Gatehouse.';
    await page.getByLabel('Text to speak').fill(text);
    await page.getByRole('button', { name: 'Speak' }).click();
    const audio = page.getByLabel('Generated speech');
    await expect(audio).toBeVisible();
    const src = await audio.getAttribute('src');
    expect(src).toMatch(/^blob:/);
    // The bytes the player holds are the fake upstream's audio for this text (100 bytes a character).
    const size = await page.evaluate(async (url) => (await (await fetch(url)).arrayBuffer()).byteLength, src!);
    expect(size).toBe(text.length * 100);
    // tts-1: $15 per million characters.
    await expect(page.getByTestId('media-cost')).toHaveText(`$${((text.length * 15) / 1_000_000).toFixed(6).replace(/0+$/, '')}`);
    const call = (await upstreamCalls('openai')).filter((item) => item.path.endsWith('/audio/speech')).at(-1);
    expect(call?.body).toMatchObject({ model: 'tts-1', input: text, voice: 'nova' });
    await screenshot(page, '61-playground-speech');
  });
});

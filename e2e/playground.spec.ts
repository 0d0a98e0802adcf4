import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { adminState, e2e, expect, screenshot, test, upstreamCalls, type UpstreamCall } from './fixtures';

const run = promisify(execFile);

test.use({ storageState: adminState });

const adminHeaders = () => ({ authorization: `Bearer ${process.env.E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' });

async function lastChatCall(name: 'openai' | 'anthropic'): Promise<UpstreamCall & { body: Record<string, unknown> }> {
  const calls = (await upstreamCalls(name)).filter((call) => call.path.endsWith(name === 'openai' ? '/chat/completions' : '/messages'));
  return calls.at(-1) as UpstreamCall & { body: Record<string, unknown> };
}

// The playground and the model explorer of one team, against the fake upstreams. Calls go
// through the public gateway with a playground token, so each is billed and logged.
test.describe.serial('playground and models', () => {
  test.beforeAll(async ({ request }) => {
    const response = await request.post(`${e2e.baseUrl}/api/admin/teams`, { headers: adminHeaders(), data: { name: 'Playpen', slug: 'playpen', initialCredits: '5' } });
    expect(response.ok(), await response.text()).toBe(true);
  });

  test('the model explorer filters the catalog and shows a model’s providers', async ({ page }) => {
    await page.goto('/t/playpen/models');
    await expect(page.getByRole('heading', { name: 'Models', exact: true }).first()).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search' }).fill('gpt-4o-mini');
    const row = page.locator('tbody tr').filter({ has: page.getByText('openai/gpt-4o-mini', { exact: true }) });
    await expect(row).toBeVisible();
    await expect(row).toContainText('$0.15');
    await expect(row).toContainText('$0.60');
    await expect(row).toContainText('128K');
    await expect(page).toHaveURL(/\?q=gpt-4o-mini/);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await page.getByLabel('Provider', { exact: true }).selectOption('anthropic');
    await page.getByLabel('Sort by', { exact: true }).selectOption('input-price');
    await page.getByLabel('Usable now only').check();
    await expect(page.locator('tbody tr').first()).toContainText('anthropic/');
    await screenshot(page, '20-models');

    await page.goto('/t/playpen/models/openai/gpt-4o-mini');
    await expect(page.getByRole('heading', { name: 'GPT-4o mini' })).toBeVisible();
    const provider = page.locator('tbody tr', { hasText: 'OpenAI' });
    await expect(provider).toContainText('gpt-4o-mini');
    await expect(provider).toContainText('usable');
    await expect(provider).toContainText('no data');
    await screenshot(page, '21-model');
  });

  test('pick a model, send a message, watch it stream, see its cost and its usage row', async ({ page }) => {
    await page.goto('/t/playpen/playground');
    await page.getByLabel('Model', { exact: true }).selectOption('openai/gpt-4o-mini');
    await page.getByLabel('System prompt').fill('Be brief.');
    await page.getByLabel('Temperature').fill('0.5');
    await page.getByLabel('Message').fill('Hello [[delay:300]]');
    // Every text the answer shows, in order, so the test sees it grow rather than hoping to catch it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { answerTexts: string[] }).answerTexts = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid=answer-text]')?.textContent;
        if (text && text !== seen.at(-1)) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByLabel('Message').press('Enter');

    const answer = page.locator('article.answer').last();
    await expect(answer.getByText('streaming')).toBeVisible();
    await expect(answer.getByTestId('answer-text')).toHaveText('Hello from openai!');
    // Streamed: the words arrived one by one.
    expect(await page.evaluate(() => (window as unknown as { answerTexts: string[] }).answerTexts)).toEqual(['Hello', 'Hello from', 'Hello from openai!']);
    await expect(answer.getByTestId('answer-tokens')).toHaveText('12 in · 7 out');
    // gpt-4o-mini: 12 × $0.15 + 7 × $0.60 per million tokens = 6 micro-dollars.
    await expect(answer.getByTestId('answer-cost')).toHaveText('$0.000006');
    await expect(answer.getByTestId('answer-provider')).toHaveText('OpenAI');
    await expect(answer.getByTestId('answer-ttft')).toHaveText(/\d+(\.\d+)? (ms|s)$/);
    await screenshot(page, '22-playground');

    const call = await lastChatCall('openai');
    expect(call.headers.authorization).toBe('Bearer sk-system-openai');
    expect(call.body).toMatchObject({ model: 'gpt-4o-mini', stream: true, temperature: 0.5, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello [[delay:300]]' }] });

    await answer.getByTestId('answer-log-link').click();
    await expect(page).toHaveURL(/\/t\/playpen\/usage\/gen_[0-9A-Z]{26}$/);
    await expect(page.getByText(/^user:/)).toBeVisible();
    await expect(page.getByText('openai/gpt-4o-mini').first()).toBeVisible();
  });

  test('compare two models side by side, streaming in parallel', async ({ page }) => {
    await page.goto('/t/playpen/playground');
    await page.getByLabel('Model', { exact: true }).selectOption('openai/gpt-4o-mini');
    await page.getByRole('button', { name: 'Compare models' }).click();
    await page.getByLabel('Model 2', { exact: true }).selectOption('anthropic/claude-3.5-haiku');
    await page.getByLabel('Message').fill('Which is faster? [[delay:200]]');
    // When each answer started streaming and when it ended.
    await page.evaluate(() => {
      const spans: Array<{ streaming?: number; ended?: number }> = [];
      (window as unknown as { spans: typeof spans }).spans = spans;
      new MutationObserver(() => {
        document.querySelectorAll('li.turn:last-child article.answer').forEach((article, index) => {
          const span = (spans[index] ??= {});
          const status = article.getAttribute('data-status');
          if (status === 'streaming') span.streaming ??= performance.now();
          if (status === 'done') span.ended ??= performance.now();
        });
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    });
    await page.getByRole('button', { name: 'Send' }).click();

    const answers = page.locator('li.turn').last().locator('article.answer');
    await expect(answers).toHaveCount(2);
    await expect(answers.nth(0).getByTestId('answer-text')).toHaveText('Hello from openai!');
    await expect(answers.nth(1).getByTestId('answer-text')).toHaveText('Hello from anthropic!');
    for (const index of [0, 1]) await expect(answers.nth(index)).toHaveAttribute('data-status', 'done');
    // In parallel: each answer was streaming before the other one had ended.
    const [openai, anthropic] = await page.evaluate(() => (window as unknown as { spans: Array<{ streaming: number; ended: number }> }).spans);
    expect(openai.streaming).toBeLessThan(anthropic.ended);
    expect(anthropic.streaming).toBeLessThan(openai.ended);
    await expect(answers.nth(0).getByTestId('answer-provider')).toHaveText('OpenAI');
    await expect(answers.nth(1).getByTestId('answer-provider')).toHaveText('Anthropic');
    for (const index of [0, 1]) await expect(answers.nth(index).getByTestId('answer-cost')).toHaveText(/^\$0\.\d+$/);
    await screenshot(page, '23-playground-compare');
    expect((await lastChatCall('anthropic')).body).toMatchObject({ stream: true, messages: [{ role: 'user' }] });
  });

  test('stop a stream: the answer ends and the partial usage is billed', async ({ page }) => {
    await page.goto('/t/playpen/playground');
    await page.getByLabel('Model', { exact: true }).selectOption('openai/gpt-4o-mini');
    await page.getByLabel('Message').fill('Count slowly [[delay:300]] [[text:one two three four five six seven eight nine ten eleven twelve thirteen fourteen]]');
    await page.getByLabel('Message').press('Enter');
    const answer = page.locator('article.answer').last();
    await expect(answer.getByTestId('answer-text')).toContainText('two');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(answer.getByText('stopped')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
    const text = await answer.getByTestId('answer-text').textContent();
    expect(text).not.toContain('fourteen');
    await expect(answer.getByTestId('answer-cost')).toContainText('estimated');
    await screenshot(page, '24-playground-stopped');
    await answer.getByTestId('answer-log-link').click();
    await expect(page.getByText('usage estimated')).toBeVisible();
    await expect(page.getByText(/aborted/).first()).toBeVisible();
  });

  test('a team without credits is told so, with the way to add some', async ({ page, request }) => {
    const created = await request.post(`${e2e.baseUrl}/api/admin/teams`, { headers: adminHeaders(), data: { name: 'Broke', slug: 'broke' } });
    expect(created.ok()).toBe(true);
    await page.goto('/t/broke/playground');
    await page.getByLabel('Message').fill('Hello');
    await page.getByLabel('Message').press('Enter');
    const alert = page.locator('article.answer').last().getByRole('alert');
    await expect(alert).toContainText('Out of credits');
    await expect(alert).toContainText('402 insufficient_credits');
    await expect(alert.getByRole('link', { name: 'Add credits →' })).toHaveAttribute('href', '/t/broke/credits');
  });

  test('get code: the curl, OpenAI, Anthropic and AI SDK snippets run as they are with a real API key', async ({ page, context, request }) => {
    const created = await request.post(`${e2e.baseUrl}/api/admin/teams/playpen/keys`, { headers: adminHeaders(), data: { name: 'snippets' } });
    expect(created.ok()).toBe(true);
    const { key } = (await created.json()) as { key: string };
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.baseUrl });

    await page.goto('/t/playpen/playground');
    await page.getByLabel('Model', { exact: true }).selectOption('openai/gpt-4o-mini');
    await page.getByLabel('System prompt').fill('Answer in one line.');
    await page.getByLabel('Max tokens').fill('64');
    await page.getByLabel('Message').fill('Say hello');
    await page.getByRole('button', { name: 'Get code' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('tabpanel')).toContainText(`curl ${e2e.baseUrl}/v1/chat/completions`);
    await screenshot(page, '25-playground-code');

    const copy = async () => {
      await dialog.getByRole('button', { name: 'Copy' }).click();
      return page.evaluate(() => navigator.clipboard.readText());
    };
    const env = { ...process.env, GATEHOUSE_API_KEY: key };

    const curl = await copy();
    expect(curl).toContain('"max_tokens": 64');
    const curlOutput = await run('bash', ['-c', curl], { env });
    expect(JSON.parse(curlOutput.stdout).choices[0].message.content).toBe('Hello from openai!');

    await dialog.getByRole('tab', { name: 'OpenAI SDK (TypeScript)' }).click();
    const openai = await copy();
    expect(openai).toContain(`baseURL: '${e2e.baseUrl}/v1'`);
    // Plain JavaScript as well as TypeScript; run from inside the project so `openai` resolves.
    const folder = path.resolve('test-results/e2e/snippets');
    mkdirSync(folder, { recursive: true });
    const runScript = async (name: string, code: string) => {
      const file = path.join(folder, `${name}.mjs`);
      writeFileSync(file, code);
      return (await run('node', [file], { env })).stdout.trim();
    };
    expect(await runScript('openai', openai)).toBe('Hello from openai!');

    const [call] = (await upstreamCalls('openai')).filter((item) => item.path.endsWith('/chat/completions')).slice(-1) as Array<UpstreamCall & { body: Record<string, unknown> }>;
    expect(call.body).toMatchObject({ max_tokens: 64, messages: [{ role: 'system', content: 'Answer in one line.' }, { role: 'user', content: 'Say hello' }] });

    // The Anthropic SDK (through /v1/messages) and the AI SDK (through /v4/ai) snippets run too.
    for (const [tab, name] of [
      ['Anthropic SDK (TypeScript)', 'anthropic'],
      ['AI SDK', 'ai-sdk'],
    ]) {
      await dialog.getByRole('tab', { name: tab, exact: true }).click();
      expect(await runScript(name, await copy()), tab).toBe('Hello from openai!');
    }
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  });
});

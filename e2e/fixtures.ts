import { mkdirSync } from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';
import OpenAI from 'openai';

/** Where global-setup put things (set there, inherited by the workers). */
export const e2e = {
  get baseUrl() {
    return required('E2E_BASE_URL');
  },
  get setupUrl() {
    return required('E2E_SETUP_URL');
  },
  get controlUrl() {
    return required('E2E_CONTROL_URL');
  },
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through playwright.config.ts (global-setup starts Gatehouse)`);
  return value;
}

export const adminState = 'test-results/e2e/.auth/admin.json';
export const admin = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery staple' };

export const test = base.extend({
  baseURL: async ({}, provide) => provide(e2e.baseUrl),
});
export { expect };

/** A full-page screenshot of a main page, for people to look at. */
export async function screenshot(page: Page, name: string) {
  mkdirSync('test-results/screenshots', { recursive: true });
  // The sidebar is sticky: from the top it is where a reader would see it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** An OpenAI SDK client for this Gatehouse. */
export function gatewayClient(apiKey: string) {
  return new OpenAI({ baseURL: `${e2e.baseUrl}/v1`, apiKey, maxRetries: 0, timeout: 20_000 });
}

export type UpstreamCall = { path: string; method: string; headers: Record<string, string>; body: unknown };

/** What a fake upstream has received so far. */
export async function upstreamCalls(name: 'openai' | 'anthropic' | 'google'): Promise<UpstreamCall[]> {
  const response = await fetch(`${e2e.controlUrl}/calls/${name}`);
  return (await response.json()) as UpstreamCall[];
}

/** The status an OpenAI SDK call failed with. */
export async function failureStatus(call: Promise<unknown>): Promise<number | string> {
  try {
    await call;
    return 'succeeded';
  } catch (error) {
    return (error as { status?: number }).status ?? String(error);
  }
}

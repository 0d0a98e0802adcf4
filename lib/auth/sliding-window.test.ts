import { describe, expect, it } from 'vitest';
import { SlidingWindow } from './sliding-window';

describe('SlidingWindow', () => {
  it('allows `limit` hits per window, then says how long to wait', () => {
    let now = 0;
    const window = new SlidingWindow(3, 1_000, () => now);
    expect([window.hit('a'), window.hit('a'), window.hit('a')]).toEqual([0, 0, 0]);
    now = 400;
    expect(window.hit('a')).toBe(600);
    expect(window.hit('b')).toBe(0);
    now = 1_001;
    expect(window.hit('a')).toBe(0);
  });

  it('forgets a key on reset', () => {
    const window = new SlidingWindow(1, 1_000, () => 0);
    window.hit('a');
    expect(window.hit('a')).toBeGreaterThan(0);
    window.reset('a');
    expect(window.hit('a')).toBe(0);
  });
});

describe('sign-in throttle', () => {
  it('allows ten attempts per email and address in 15 minutes, then says how long to wait', async () => {
    const { throttleLogin, clearLoginThrottle } = await import('./login-throttle');
    const email = `someone-${Date.now()}@example.com`;
    for (let attempt = 0; attempt < 10; attempt += 1) expect(throttleLogin(email, '10.0.0.1')).toBe(0);
    expect(throttleLogin(email.toUpperCase(), '10.0.0.1')).toBe(15);
    expect(throttleLogin(email, '10.0.0.2')).toBe(0);
    clearLoginThrottle(email, '10.0.0.1');
    expect(throttleLogin(email, '10.0.0.1')).toBe(0);
  });

  it('caps one account across invented addresses', async () => {
    const { throttleLogin } = await import('./login-throttle');
    const email = `target-${Date.now()}@example.com`;
    const results = Array.from({ length: 60 }, (_, index) => throttleLogin(email, `192.0.2.${index}`));
    expect(results.filter((wait) => wait === 0)).toHaveLength(50);
  });
});

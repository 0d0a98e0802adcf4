import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { generationIssuedAt, mayStillBeRecorded, waitForRow } from './pending-generation';

describe('mayStillBeRecorded', () => {
  const now = Date.UTC(2026, 0, 1, 12);
  const idAt = (time: number) => `gen_${ulid(time)}`;

  it('reads the time a generation id was issued', () => {
    expect(generationIssuedAt(idAt(now))).toBe(now);
    expect(generationIssuedAt('gen_nope')).toBeUndefined();
    expect(generationIssuedAt(`gen_${'I'.repeat(26)}`)).toBeUndefined();
  });

  it('is true for an id issued in the last fifteen minutes, false for older, future or malformed ids', () => {
    expect(mayStillBeRecorded(idAt(now - 2_000), now)).toBe(true);
    expect(mayStillBeRecorded(idAt(now - 14 * 60_000), now)).toBe(true);
    expect(mayStillBeRecorded(idAt(now - 16 * 60_000), now)).toBe(false);
    expect(mayStillBeRecorded(idAt(now + 10 * 60_000), now)).toBe(false);
    expect(mayStillBeRecorded('gen_123', now)).toBe(false);
  });
});

describe('waitForRow', () => {
  it('returns the row as soon as it appears, looking again after each pause', async () => {
    let looks = 0;
    const started = Date.now();
    const row = await waitForRow({ find: async () => (++looks >= 3 ? { id: 'x' } : undefined), waitMs: 5_000, intervalMs: 20 });
    expect(row).toEqual({ id: 'x' });
    expect(looks).toBe(3);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('gives up at the deadline, having run beforeLook before every retry', async () => {
    let flushes = 0;
    const started = Date.now();
    const row = await waitForRow({ find: async () => undefined, beforeLook: async () => flushes++, waitMs: 300, intervalMs: 50 });
    expect(row).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(800);
    expect(flushes).toBeGreaterThan(1);
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import type { Logger } from '../logger';
import { BODY_CAPTURE_LIMIT, bodyRow, createBodyStore, storesBodies } from './body-store';

const capture = (request: string, response?: string) => ({ generationId: 'gen_1', teamId: 'team_1', patterns: [], request, response: response === undefined ? undefined : { kind: 'json' as const, text: response } });

describe('body rows', () => {
  it('keep a body over the limit as valid JSON with its long strings shortened, flagged truncated', () => {
    const request = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `mail x@y.example.com ${'word '.repeat(80_000)}` }] });
    const row = bodyRow(capture(request, '{"choices":[]}'));
    expect(row.request.length).toBeLessThanOrEqual(BODY_CAPTURE_LIMIT);
    const stored = JSON.parse(row.request);
    expect(stored.messages[0].content).toMatch(/^mail \[REDACTED:email\] word word/);
    expect(stored.messages[0].content).toMatch(/… \[cut: \d+ characters\]$/);
    expect(row).toMatchObject({ truncated: true, redactions: 1, response: '{"choices":[]}' });
  });

  it('cut outright when even shortened strings do not fit, and keep text that is not JSON as a string', () => {
    const many = JSON.stringify(Array.from({ length: 100_000 }, (_, index) => index));
    expect(bodyRow(capture(many)).request.length).toBe(BODY_CAPTURE_LIMIT);
    expect(bodyRow(capture('not json, call +14155552671')).request).toBe('"not json, call [REDACTED:phone]"');
  });

  it('are stored only when the instance, the team and the request all allow it', () => {
    const team = { storeBodies: true, zeroDataRetention: false };
    expect(storesBodies(true, team, {})).toBe(true);
    expect(storesBodies(false, team, {})).toBe(false);
    expect(storesBodies(true, { ...team, storeBodies: false }, {})).toBe(false);
    expect(storesBodies(true, { ...team, zeroDataRetention: true }, {})).toBe(false);
    expect(storesBodies(true, team, { zeroDataRetention: true })).toBe(false);
  });

  it('are dropped, never queued without bound, when the writer is behind; the drop is logged once per batch', async () => {
    const insert = vi.fn(async () => {});
    const db = { insert: () => ({ values: () => ({ onConflictDoNothing: insert }) }) } as unknown as Db;
    const logger = { warn: vi.fn(), info: vi.fn(), error: vi.fn(), debug: vi.fn() } as unknown as Logger;
    const store = createBodyStore({ db, logger, flushMs: 60_000, maxBuffered: 3, maxBufferedChars: 1_000 });
    store.capture(capture('x'.repeat(900)));
    store.capture(capture('x'.repeat(200)));
    store.capture(capture('{}'));
    store.capture(capture('{}'));
    store.capture(capture('{}'));
    await store.close();
    expect(insert).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith('generation bodies dropped: the body writer is behind', { bodies: 2 });
  });
});

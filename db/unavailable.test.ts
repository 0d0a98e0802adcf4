import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isDatabaseUnavailable, lateStatement, withDeadline } from './unavailable';

const postgresError = (code: string) => Object.assign(new Error('server says'), { name: 'PostgresError', code });
/** How drizzle wraps what the driver threw. */
const drizzleWrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1'), { name: 'DrizzleQueryError', cause });

describe('isDatabaseUnavailable', () => {
  it('recognises connection failures and server states that mean "not now", however deeply wrapped', () => {
    expect(isDatabaseUnavailable(drizzleWrapped(Object.assign(new Error('closed'), { code: 'CONNECTION_CLOSED' })))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(drizzleWrapped(postgresError('57P01')))).toBe(true);
    expect(isDatabaseUnavailable(postgresError('08006'))).toBe(true);
    expect(isDatabaseUnavailable(postgresError('53300'))).toBe(true);
    expect(isDatabaseUnavailable(drizzleWrapped(new DatabaseUnavailableError('late')))).toBe(true);
  });

  it('leaves real failures alone: a bad statement is a bug, not an outage', () => {
    expect(isDatabaseUnavailable(drizzleWrapped(postgresError('42601')))).toBe(false);
    expect(isDatabaseUnavailable(drizzleWrapped(postgresError('23505')))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

describe('withDeadline', () => {
  it('gives up after the deadline and hands over the statement that is still running', async () => {
    let finish!: (rows: unknown[]) => void;
    const running = new Promise<unknown[]>((resolve) => (finish = resolve));
    const error = await withDeadline(running, 20).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const late = lateStatement(drizzleWrapped(error));
    finish([['row']]);
    expect(await late).toEqual([['row']]);
  });

  it('passes answers and ordinary errors through, and turns connection errors into DatabaseUnavailableError', async () => {
    expect(await withDeadline(Promise.resolve(7), 1_000)).toBe(7);
    const bad = postgresError('42601');
    expect(await withDeadline(Promise.reject(bad), 1_000).catch((caught: unknown) => caught)).toBe(bad);
    const closed = await withDeadline(Promise.reject(Object.assign(new Error('closed'), { code: 'CONNECTION_CLOSED' })), 1_000).catch((caught: unknown) => caught);
    expect(closed).toBeInstanceOf(DatabaseUnavailableError);
  });
});

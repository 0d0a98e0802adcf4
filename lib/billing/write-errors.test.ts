import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeWriteError, isRowError } from './write-errors';

const postgresError = (code: string, message = 'refused') => Object.assign(new Error(message), { code });
const wrapped = (cause: Error) => new DrizzleQueryError('insert into "usage_logs" ...', ['[{"end_user":"secret rows"}]'], cause);

describe('isRowError', () => {
  it("blames the rows for data, constraint and limit errors, also under drizzle's wrapper", () => {
    for (const code of ['22P05', '22021', '23503', '23514', '54000', 'XX000']) expect(isRowError(wrapped(postgresError(code)))).toBe(true);
    expect(isRowError(new Error('No balance row for team team_x'))).toBe(true);
  });

  it('blames the database for outages, which are retried whole', () => {
    for (const code of ['08006', '57P01', '53300', '40001', 'ECONNREFUSED', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT']) expect(isRowError(wrapped(postgresError(code)))).toBe(false);
    expect(isRowError(Object.assign(new Error('connect ECONNREFUSED'), { errno: -111 }))).toBe(false);
  });

  it('describes an error without the rows the statement carried', () => {
    const description = describeWriteError(wrapped(postgresError('22P05', 'unsupported Unicode escape sequence')));
    expect(description).toEqual({ code: '22P05', message: 'unsupported Unicode escape sequence' });
  });
});

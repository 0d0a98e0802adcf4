import { describe, expect, it } from 'vitest';
import { toGatewayError } from './errors';

/** The driver's error as drizzle wraps it: the SQLSTATE sits on the cause. */
function wrapped(code: string, message: string): Error {
  const cause = Object.assign(new Error(message), { code });
  return Object.assign(new Error('Failed query: insert into "plans" ... params: Fuzz plan\u0000'), { cause });
}

describe('toGatewayError', () => {
  it('answers a value the database cannot store (SQLSTATE class 22) as the client’s 400, without echoing it', () => {
    const error = toGatewayError(wrapped('22P05', 'unsupported Unicode escape sequence'));
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_request');
    expect(error.message).not.toContain('Fuzz plan');
  });

  it('keeps other database errors internal (500), and never shows their text', () => {
    const error = toGatewayError(wrapped('42P01', 'relation "plans" does not exist'));
    expect(error.status).toBe(500);
    expect(error.message).toBe('Internal error');
  });
});

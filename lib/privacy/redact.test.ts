import { describe, expect, it } from 'vitest';
import { createRedactor, customPatternProblem, luhnValid, redactJson } from './redact';

const redact = (text: string, patterns: string[] = []) => {
  const count = { n: 0 };
  return { text: createRedactor(patterns).text(text, count), count: count.n };
};

describe('redaction', () => {
  it.each([
    ['email', 'Write to jane.doe+billing@mail.example.co.uk today', 'Write to [REDACTED:email] today'],
    ['card with spaces', 'Card 4111 1111 1111 1111 exp 12/29', 'Card [REDACTED:card] exp 12/29'],
    ['card with dashes', 'card: 5500-0000-0000-0004.', 'card: [REDACTED:card].'],
    ['card, 15 digits (Amex)', 'amex 378282246310005', 'amex [REDACTED:card]'],
    ['phone E.164', 'call +14155552671 now', 'call [REDACTED:phone] now'],
    ['phone international', 'London: +44 20 7946 0958', 'London: [REDACTED:phone]'],
    ['phone North American', 'at (415) 555-2671 or 415-555-2671', 'at [REDACTED:phone] or [REDACTED:phone]'],
    ['phone national', 'portable 06 12 34 56 78', 'portable [REDACTED:phone]'],
    ['OpenAI key', 'key sk-proj-abcDEF1234567890ghiJKL', 'key [REDACTED:secret]'],
    ['Anthropic key', 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv', '[REDACTED:secret]'],
    ['Gatehouse key', 'use gth_0123456789abcdefghijABCDEFGHIJ123456', 'use [REDACTED:secret]'],
    ['AWS access key', 'AKIAIOSFODNN7EXAMPLE is mine', '[REDACTED:secret] is mine'],
    ['GitHub token', 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', '[REDACTED:secret]'],
    ['Bearer token', 'Authorization: Bearer abc.def-ghi_123', 'Authorization: [REDACTED:secret]'],
    ['high-entropy token', 'token=Zx8Kq2LmN5pR7tV9wY3bC6dF1gH4jQ0s ok', 'token=[REDACTED:secret] ok'],
  ])('%s', (_name, input, expected) => {
    const result = redact(input);
    expect(result.text).toBe(expected);
    expect(result.count).toBeGreaterThan(0);
  });

  it.each([
    ['an order number that fails Luhn', 'Order 4111 1111 1111 1112 shipped'],
    ['a 16-digit id that fails Luhn', 'ref 1234567812345678'],
    ['a date', 'due 2026-12-06 or 06/12/2026'],
    ['a version and a price', 'v1.2.3 costs $1,234.56'],
    ['a short number', 'Order 42 and room 1207'],
    ['a UUID', 'id 550e8400-e29b-41d4-a716-446655440000'],
    ['a long identifier of words', 'call getUserAccountPreferencesByIdentifier please'],
    ['an address without a domain', 'ping me @jane or at user@localhost'],
  ])('leaves %s alone', (_name, input) => {
    expect(redact(input)).toEqual({ text: input, count: 0 });
  });

  it('applies custom patterns after the built-in ones', () => {
    expect(redact('Customer CUST-00123 asked', ['CUST-\\d{5}'])).toEqual({ text: 'Customer [REDACTED:custom] asked', count: 1 });
  });

  it('refuses custom patterns that could backtrack for ever or are malformed', () => {
    expect(customPatternProblem('(a+)+$')).toMatch(/Nested quantifiers/);
    expect(customPatternProblem('(\\w*)*x')).toMatch(/Nested quantifiers/);
    expect(customPatternProblem('(a|b{2,}){3,}')).toMatch(/Nested quantifiers/);
    expect(customPatternProblem('(x)\\1')).toMatch(/Backreferences/);
    expect(customPatternProblem('x'.repeat(201))).toMatch(/at most 200/);
    expect(customPatternProblem('a*')).toMatch(/empty/);
    expect(customPatternProblem('[unclosed')).toMatch(/Not a valid/);
    expect(customPatternProblem('CUST-\\d{5}')).toBeUndefined();
    // A refused pattern that reached the redactor anyway is skipped, not run.
    expect(redact('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', ['(a+)+$']).count).toBe(0);
  });

  it('walks every string of a JSON body and drops data URLs', () => {
    const count = { n: 0 };
    const body = {
      model: 'openai/gpt-4o',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'I am bob@example.com' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(100)}` } }] },
        { role: 'assistant', tool_calls: [{ function: { name: 'charge', arguments: '{"card":"4242424242424242"}' } }] },
      ],
      temperature: 0.2,
      file: { data: 'QUJD'.repeat(1_000) },
    };
    expect(redactJson(body, createRedactor(), count)).toEqual({
      model: 'openai/gpt-4o',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'I am [REDACTED:email]' }, { type: 'image_url', image_url: { url: '[omitted: data URL, 122 characters]' } }] },
        { role: 'assistant', tool_calls: [{ function: { name: 'charge', arguments: '{"card":"[REDACTED:card]"}' } }] },
      ],
      temperature: 0.2,
      file: { data: '[omitted: base64 data, 4000 characters]' },
    });
    expect(count.n).toBe(2);
  });

  it('checks Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('stays fast on hostile input', () => {
    const started = performance.now();
    redact(`${'1 '.repeat(50_000)}${'a'.repeat(100_000)}@${'-'.repeat(50_000)}`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

import { z } from 'zod';

/**
 * Dollars as people type them ("10", "0.25", 12.5) → integer micro-dollars, exactly:
 * the decimal string is split rather than multiplied as a float.
 */
export const dollarsSchema = z.union([z.number(), z.string().trim()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? value.toFixed(6) : value;
  const match = /^(-)?(\d+)(?:\.(\d{1,6})\d*)?$/.exec(text);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: 'expected an amount in dollars, like 10 or 0.25' });
    return z.NEVER;
  }
  const micros = Number(match[2]) * 1_000_000 + Number((match[3] ?? '').padEnd(6, '0'));
  return match[1] ? -micros : micros;
});

export function parseDollars(value: string | number): number {
  return dollarsSchema.parse(value);
}

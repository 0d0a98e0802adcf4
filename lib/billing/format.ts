/** An integer scaled by 10^scale as an exact decimal string: (2_500_000, 12) → "0.0000025". */
export function formatScaled(value: number, scale: number): string {
  const negative = value < 0;
  const digits = Math.abs(Math.trunc(value)).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Micro-dollars as a dollar string: 12_340_000 → "12.34". */
export const microsToDollarString = (micros: number) => formatScaled(micros, 6);

/** Micro-dollars per million tokens as dollars per token: 2_500_000 → "0.0000025". */
export const pricePerToken = (microsPerMillion: number) => formatScaled(microsPerMillion, 12);

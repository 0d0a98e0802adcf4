import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signatureHeader, verifySignature } from './signature';

describe('webhook signatures', () => {
  const secret = generateWebhookSecret();
  const body = '{"id":"alrt_1","type":"alert.low_balance"}';

  it('are Stripe-style: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">', () => {
    const header = signatureHeader(secret, body, 1_800_000_000);
    expect(header).toBe(`t=1800000000,v1=${createHmac('sha256', secret).update(`1800000000.${body}`).digest('hex')}`);
    expect(verifySignature(secret, body, header, { nowSeconds: 1_800_000_100 })).toBe(true);
  });

  it('reject another secret, a changed body, a stale or missing timestamp, and garbage', () => {
    const header = signatureHeader(secret, body, 1_800_000_000);
    expect(verifySignature(generateWebhookSecret(), body, header, { nowSeconds: 1_800_000_000 })).toBe(false);
    expect(verifySignature(secret, body.replace('low', 'high'), header, { nowSeconds: 1_800_000_000 })).toBe(false);
    expect(verifySignature(secret, body, header, { nowSeconds: 1_800_000_301 })).toBe(false);
    expect(verifySignature(secret, body, header.replace('t=1800000000,', ''), { nowSeconds: 1_800_000_000 })).toBe(false);
    expect(verifySignature(secret, body, header.replace('t=1800000000', 't=1800000001'), { nowSeconds: 1_800_000_000 })).toBe(false);
    expect(verifySignature(secret, body, 'nonsense', { nowSeconds: 1_800_000_000 })).toBe(false);
    expect(verifySignature(secret, body, undefined, { nowSeconds: 1_800_000_000 })).toBe(false);
  });
});

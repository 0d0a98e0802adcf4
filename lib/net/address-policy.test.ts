import { describe, expect, it } from 'vitest';
import { allowListSchema } from './address-policy';

describe('GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS', () => {
  it('reads hostnames, addresses and CIDR ranges, comma-separated', () => {
    expect(allowListSchema.parse(' ollama.lan, 10.0.0.0/8 ,192.168.1.5,fd00::/8,')).toEqual(['ollama.lan', '10.0.0.0/8', '192.168.1.5', 'fd00::/8']);
    expect(allowListSchema.parse(undefined)).toEqual([]);
  });

  it('refuses entries it cannot understand rather than ignoring them', () => {
    expect(() => allowListSchema.parse('10.0.0.0/33')).toThrow(/CIDR/);
    expect(() => allowListSchema.parse('ollama lan')).toThrow(/neither a hostname/);
  });
});

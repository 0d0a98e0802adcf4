import { decodeTime, isValid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { newGenerationId } from './generation-id';

describe('newGenerationId', () => {
  it('makes valid, increasing, unique ids whose random part uses the whole alphabet', () => {
    const ids = Array.from({ length: 5_000 }, () => newGenerationId());
    const ulids = ids.map((id) => id.slice('gen_'.length));
    expect(ids.every((id) => id.startsWith('gen_'))).toBe(true);
    expect(ulids.every((value) => isValid(value))).toBe(true);
    expect([...ulids].sort()).toEqual(ulids);
    expect(new Set(ulids).size).toBe(ulids.length);
    expect(Math.abs(decodeTime(ulids[0]) - Date.now())).toBeLessThan(60_000);
    // Random parts of ids from different milliseconds are independent draws, not one reused buffer.
    const randomParts = new Set(ulids.map((value) => value.slice(10, 18)));
    expect(randomParts.size).toBeGreaterThan(1);
    const characters = new Set(ulids.flatMap((value) => [...value.slice(10)]));
    expect(characters.size).toBe(32);
  });
});

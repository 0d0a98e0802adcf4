import { describe, expect, it } from 'vitest';
import { LabelCap } from './label-cap';

describe('LabelCap', () => {
  it('keeps the first values it sees and counts every later one as other', () => {
    const cap = new LabelCap(2);
    expect([cap.label('a'), cap.label('b'), cap.label('c'), cap.label('a'), cap.label(null)]).toEqual(['a', 'b', 'other', 'a', 'none']);
  });
});

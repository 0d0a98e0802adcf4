import { describe, expect, it } from 'vitest';
import { formatModelMappings, parseModelMappings } from './model-mappings';

describe('model mappings', () => {
  it('parse key=value lines, skipping blanks and comments', () => {
    expect(parseModelMappings('openai/gpt-4o = my-deployment\n\n# note\nanthropic/claude-sonnet-4=claude-x=1')).toEqual({
      ok: true,
      mappings: { 'openai/gpt-4o': 'my-deployment', 'anthropic/claude-sonnet-4': 'claude-x=1' },
    });
    expect(parseModelMappings('')).toEqual({ ok: true, mappings: {} });
  });

  it('name the first malformed line', () => {
    expect(parseModelMappings('a=b\njust-a-model')).toEqual({ ok: false, error: expect.stringContaining('line 2') });
    expect(parseModelMappings('=x')).toMatchObject({ ok: false });
  });

  it('format back to lines', () => {
    expect(formatModelMappings({ a: 'b', c: 'd' })).toBe('a=b\nc=d');
  });
});

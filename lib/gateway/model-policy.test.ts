import { describe, expect, it } from 'vitest';
import { MODEL_PATTERN, matchesModelPattern, modelListRefusal } from './model-policy';

const open = { modelAllowlist: null, modelDenylist: [] };

describe('model lists', () => {
  it('match exact ids and provider prefixes, and nothing else', () => {
    expect(matchesModelPattern('anthropic/*', 'anthropic/claude-sonnet-4.5')).toBe(true);
    expect(matchesModelPattern('anthropic/*', 'anthropicx/claude')).toBe(false);
    expect(matchesModelPattern('anthropic/claude-sonnet-4', 'anthropic/claude-sonnet-4.5')).toBe(false);
    expect(matchesModelPattern('anthropic/claude-sonnet-4.5', 'anthropic/claude-sonnet-4.5')).toBe(true);
    for (const good of ['anthropic/*', 'openai/gpt-4o', 'custom/llama3.1:8b', 'groq/meta/llama-3.1-8b']) expect(MODEL_PATTERN.test(good)).toBe(true);
    for (const bad of ['*', 'anthropic/**', 'a b', '/x', 'anthropic/*/x', '']) expect(MODEL_PATTERN.test(bad)).toBe(false);
  });

  it('deny wins over allow, and a key narrows its team, each named in the refusal', () => {
    expect(modelListRefusal('openai/gpt-4o', { team: open })).toBeNull();
    expect(modelListRefusal('openai/gpt-4o', { team: { modelAllowlist: ['anthropic/*'], modelDenylist: [] } })).toBe("model openai/gpt-4o is not in the team's model allowlist");
    expect(modelListRefusal('anthropic/claude-opus-4', { team: { modelAllowlist: ['anthropic/*'], modelDenylist: ['anthropic/claude-opus-4'] } })).toBe(
      "model anthropic/claude-opus-4 is on the team's model denylist (anthropic/claude-opus-4)",
    );
    expect(modelListRefusal('anthropic/claude-opus-4', { team: open, key: { modelAllowlist: ['anthropic/claude-sonnet-4'], modelDenylist: [] } })).toBe(
      "model anthropic/claude-opus-4 is not in this key's model allowlist",
    );
    // The team's refusal is named first: the key cannot widen it.
    expect(modelListRefusal('openai/gpt-4o', { team: { modelAllowlist: ['anthropic/*'], modelDenylist: [] }, key: { modelAllowlist: ['openai/*'], modelDenylist: [] } })).toContain("the team's");
  });
});

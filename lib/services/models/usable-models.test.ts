import { describe, expect, it } from 'vitest';
import type { TeamModel, TeamOffering } from './team-availability';
import { chooseSnippetModel, usableModelsNotice, type PolicyRestrictions } from './usable-models';

const offering = (provider: string, usable: boolean, price = 1_000_000): TeamOffering => ({
  provider,
  providerName: provider,
  upstreamModelId: 'x',
  inputPrice: price,
  outputPrice: price,
  cacheReadPrice: null,
  cacheWritePrice: null,
  usable,
  credentials: usable ? ['system'] : [],
  blockedBy: usable ? null : 'policy',
  reason: usable ? null : 'blocked',
});
const model = (id: string, offerings: TeamOffering[], kind: 'language' | 'embedding' = 'language'): TeamModel => ({
  id,
  name: id,
  creator: id.split('/')[0],
  kind,
  contextWindow: null,
  maxOutputTokens: null,
  capabilities: [],
  inputModalities: ['text'],
  releasedAt: null,
  offerings,
  usable: offerings.some((item) => item.usable),
  blockedByModelList: null,
});
const open: PolicyRestrictions = { zeroDataRetention: false, disallowPromptTraining: false, providerAllowlist: null, providerDenylist: [] };

describe('chooseSnippetModel', () => {
  it('keeps gpt-4o-mini while the team can call it', () => {
    expect(chooseSnippetModel([model('anthropic/claude-3.5-haiku', [offering('anthropic', true)]), model('openai/gpt-4o-mini', [offering('openai', true)])])).toBe('openai/gpt-4o-mini');
  });

  it('moves to the next preferred model when policy blocks OpenAI (ZDR, or an allowlist without it)', () => {
    expect(chooseSnippetModel([model('openai/gpt-4o-mini', [offering('openai', false)]), model('google/gemini-2.5-flash', [offering('google', true)]), model('anthropic/claude-3.5-haiku', [offering('anthropic', true)])])).toBe(
      'anthropic/claude-3.5-haiku',
    );
  });

  it('otherwise takes the cheapest usable chat model, never an embedding model or a blocked one', () => {
    const models = [
      model('openai/gpt-4o-mini', [offering('openai', false)]),
      model('openai/text-embedding-3-small', [offering('openai', true, 10)], 'embedding'),
      model('moonshotai/kimi-k2', [offering('moonshotai', false, 1), offering('groq', true, 3_000_000)]),
      model('zai/glm-4.5', [offering('zai', true, 2_000_000)]),
    ];
    expect(chooseSnippetModel(models)).toBe('zai/glm-4.5');
  });

  it('is undefined when nothing is usable', () => {
    expect(chooseSnippetModel([model('openai/gpt-4o-mini', [offering('openai', false)])])).toBeUndefined();
    expect(chooseSnippetModel([])).toBeUndefined();
  });
});

describe('usableModelsNotice', () => {
  const many = (usable: number, total: number) => Array.from({ length: total }, (_, index) => model(`p/m${index}`, [offering('p', index < usable)]));

  it('names what narrows routing and counts what is left when few remain', () => {
    const notice = usableModelsNotice(many(2, 340), { ...open, zeroDataRetention: true, providerAllowlist: ['groq'] });
    expect(notice).toMatchObject({ usable: 2, total: 340, tone: 'warning' });
    expect(notice.message).toBe('Saved. ZDR + this allowlist leaves 2 of 340 models usable: requests for any other model are refused (403). See Models for which ones.');
  });

  it('is an error when no model is usable', () => {
    const notice = usableModelsNotice(many(0, 340), { ...open, providerDenylist: ['openai'], disallowPromptTraining: true });
    expect(notice.tone).toBe('error');
    expect(notice.message).toMatch(/^Saved, but no prompt training \+ the blocked providers leaves no model usable/);
  });

  it('is a plain count when plenty remain, and counts a few usable in a small catalog as few', () => {
    expect(usableModelsNotice(many(200, 340), open)).toMatchObject({ tone: 'success', message: 'Saved. This policy leaves 200 of 340 models usable. The next request follows the new policy.' });
    expect(usableModelsNotice(many(4, 6), open).tone).toBe('warning');
    expect(usableModelsNotice(many(30, 340), open).tone).toBe('warning');
    expect(usableModelsNotice(many(40, 340), open).tone).toBe('success');
  });
});

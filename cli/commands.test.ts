import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from './commands';

describe('oidc commands', () => {
  it('turn into admin API calls', () => {
    expect(parseCommand(['oidc', 'list', 'acme']).call).toEqual({ method: 'GET', path: '/teams/acme/oidc-trusts' });
    expect(
      parseCommand([
        'oidc', 'trust', 'acme',
        '--issuer', 'https://token.actions.githubusercontent.com',
        '--audience', 'https://gatehouse.example.com',
        '--claim', 'sub=repo:acme/app:*',
        '--claim', 'job_workflow_ref=acme/app/.github/workflows/ci.yml@refs/heads/main',
        '--label', 'CI',
      ]).call,
    ).toEqual({
      method: 'POST',
      path: '/teams/acme/oidc-trusts',
      body: {
        issuer: 'https://token.actions.githubusercontent.com',
        audience: 'https://gatehouse.example.com',
        claimConditions: { sub: 'repo:acme/app:*', job_workflow_ref: 'acme/app/.github/workflows/ci.yml@refs/heads/main' },
        label: 'CI',
      },
    });
    expect(parseCommand(['oidc', 'remove', 'oidc_0123']).call).toEqual({ method: 'DELETE', path: '/oidc-trusts/oidc_0123' });
    expect(parseCommand(['oidc', 'disable', 'oidc_0123']).call).toEqual({ method: 'PATCH', path: '/oidc-trusts/oidc_0123', body: { enabled: false } });
    expect(parseCommand(['oidc', 'enable', 'oidc_0123']).call).toEqual({ method: 'PATCH', path: '/oidc-trusts/oidc_0123', body: { enabled: true } });
  });

  it('explain a malformed --claim or a missing --issuer', () => {
    expect(() => parseCommand(['oidc', 'trust', 'acme', '--issuer', 'https://x.example.com', '--audience', 'a', '--claim', 'sub'])).toThrow(UsageError);
    expect(() => parseCommand(['oidc', 'trust', 'acme', '--audience', 'a', '--claim', 'sub=x'])).toThrow('Missing --issuer.');
  });
});

describe('plans set', () => {
  it('carries the monthly included credits in dollars', () => {
    expect(parseCommand(['plans', 'set', 'free', '--name', 'Free', '--monthly-credits', '5']).call).toMatchObject({
      method: 'PUT',
      path: '/plans/free',
      body: { name: 'Free', monthlyCredits: '5' },
    });
  });
});

describe('usage dead-letters', () => {
  it('lists the refused usage rows through the admin API', () => {
    expect(parseCommand(['usage', 'dead-letters']).call).toEqual({ method: 'GET', path: '/usage/dead-letters' });
    expect(parseCommand(['usage', 'dead-letters', '--limit', '20']).call).toEqual({ method: 'GET', path: '/usage/dead-letters?limit=20' });
  });
});

describe('member and user commands', () => {
  it('turn into admin API calls', () => {
    expect(parseCommand(['members', 'remove', 'acme', 'user_0123']).call).toEqual({ method: 'DELETE', path: '/teams/acme/members/user_0123' });
    expect(parseCommand(['users', 'disable', 'mallory@example.com']).call).toEqual({ method: 'PATCH', path: '/users/mallory%40example.com', body: { disabled: true } });
    expect(parseCommand(['users', 'enable', 'user_0123']).call).toEqual({ method: 'PATCH', path: '/users/user_0123', body: { disabled: false } });
    expect(() => parseCommand(['members', 'remove', 'acme'])).toThrow(UsageError);
  });
});

describe('usage export and audit list', () => {
  it('turn the console filters into the admin API query, streamed to a file', () => {
    expect(parseCommand(['usage', 'export', 'acme', '--format', 'jsonl', '--from', '2026-03-01', '--to', '2026-03-31', '--model', 'openai/gpt-4o', '--tag', 'a b', '--limit', '10', '--out', 'usage.jsonl']).call).toEqual({
      method: 'GET',
      path: '/teams/acme/usage?format=jsonl&from=2026-03-01&to=2026-03-31&model=openai%2Fgpt-4o&tag=a+b&limit=10',
      download: { out: 'usage.jsonl' },
    });
    expect(parseCommand(['usage', 'export', 'acme']).call).toEqual({ method: 'GET', path: '/teams/acme/usage?format=csv', download: { out: undefined } });
    expect(() => parseCommand(['usage', 'export', 'acme', '--format', 'xlsx'])).toThrow(UsageError);
    expect(() => parseCommand(['usage', 'export'])).toThrow('Missing <team>.');
  });

  it('reads the audit log with its filters', () => {
    expect(parseCommand(['audit', 'list', '--team', 'acme', '--action', 'api_key.create', '--limit', '5']).call).toEqual({ method: 'GET', path: '/audit?team=acme&action=api_key.create&limit=5' });
    expect(parseCommand(['audit', 'list']).call).toEqual({ method: 'GET', path: '/audit' });
  });
});

describe('governance commands', () => {
  it('set a key model lists and manage budgets', () => {
    expect(parseCommand(['keys', 'models', 'key_1', '--allow', 'anthropic/*', '--allow', 'openai/gpt-4o', '--deny', 'anthropic/claude-opus-4']).call).toEqual({
      method: 'PUT',
      path: '/keys/key_1/models',
      body: { allow: ['anthropic/*', 'openai/gpt-4o'], deny: ['anthropic/claude-opus-4'] },
    });
    expect(parseCommand(['keys', 'models', 'key_1']).call).toEqual({ method: 'PUT', path: '/keys/key_1/models', body: { allow: null, deny: [] } });
    expect(parseCommand(['budgets', 'list', 'acme']).call).toEqual({ method: 'GET', path: '/teams/acme/budgets' });
    expect(parseCommand(['budgets', 'set', 'acme', 'tag', 'batch-jobs', '50', '--period', 'week']).call).toEqual({
      method: 'POST',
      path: '/teams/acme/budgets',
      body: { scope: 'tag', subject: 'batch-jobs', limit: '50', period: 'week' },
    });
    expect(parseCommand(['budgets', 'remove', 'acme', 'bud_1']).call).toEqual({ method: 'DELETE', path: '/teams/acme/budgets/bud_1' });
    expect(() => parseCommand(['budgets', 'set', 'acme', 'tag', 'batch-jobs'])).toThrow(UsageError);
  });
});

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

describe('team-as-code commands', () => {
  it('manage settings, members and invites', () => {
    expect(parseCommand(['settings', 'show', 'acme']).call).toEqual({ method: 'GET', path: '/teams/acme/settings' });
    expect(parseCommand(['settings', 'set', 'acme', '--allow', 'openai, anthropic', '--zdr', 'true', '--no-training', 'false', '--plan', 'pro']).call).toEqual({
      method: 'PATCH',
      path: '/teams/acme/settings',
      body: {
        providerAllowlist: ['openai', 'anthropic'],
        providerDenylist: undefined,
        defaultProviderOrder: undefined,
        zeroDataRetention: true,
        disallowPromptTraining: false,
        byokFallbackToSystem: undefined,
        plan: 'pro',
      },
    });
    expect(parseCommand(['settings', 'set', 'acme', '--allow', 'all']).call.body?.providerAllowlist).toEqual([]);
    expect(() => parseCommand(['settings', 'set', 'acme', '--zdr', 'yes'])).toThrow(UsageError);
    expect(parseCommand(['members', 'list', 'acme']).call).toEqual({ method: 'GET', path: '/teams/acme/members' });
    expect(parseCommand(['members', 'add', 'acme', 'ops@example.com', '--role', 'admin']).call).toEqual({
      method: 'POST',
      path: '/teams/acme/members',
      body: { email: 'ops@example.com', role: 'admin', name: undefined },
    });
    expect(() => parseCommand(['members', 'add', 'acme', 'ops@example.com'])).toThrow('Missing --role.');
    expect(parseCommand(['members', 'role', 'acme', 'user_1', 'viewer']).call).toEqual({ method: 'PATCH', path: '/teams/acme/members/user_1', body: { role: 'viewer' } });
    expect(parseCommand(['members', 'remove', 'acme', 'user_1']).call).toEqual({ method: 'DELETE', path: '/teams/acme/members/user_1' });
    expect(parseCommand(['invites', 'list', 'acme']).call).toEqual({ method: 'GET', path: '/teams/acme/invites' });
    expect(parseCommand(['invites', 'create', 'acme', '--role', 'member', '--days', '3']).call).toEqual({ method: 'POST', path: '/teams/acme/invites', body: { role: 'member', expiresInDays: 3 } });
    expect(parseCommand(['invites', 'revoke', 'acme', 'inv_1']).call).toEqual({ method: 'DELETE', path: '/teams/acme/invites/inv_1' });
  });

  it('create keys for a member, show, edit and rotate them', () => {
    expect(parseCommand(['keys', 'create', 'acme', 'ci', '--for', 'user_1', '--spend-limit', '5', '--period', 'month']).call).toEqual({
      method: 'POST',
      path: '/teams/acme/keys',
      body: { name: 'ci', expiresAt: undefined, spendLimit: '5', spendLimitPeriod: 'month', maxConcurrentRequests: undefined, createdBy: 'user_1' },
    });
    expect(parseCommand(['keys', 'show', 'key_1']).call).toEqual({ method: 'GET', path: '/keys/key_1' });
    expect(parseCommand(['keys', 'rotate', 'key_1', '--grace', '7d']).call).toEqual({ method: 'POST', path: '/keys/key_1/rotate', body: { grace: '7d' } });
    const edit = parseCommand(['keys', 'edit', 'key_1', '--name', 'ci-2', '--expires', 'never', '--rpm', 'none', '--tpm', '5000', '--spend-limit', 'none']).call;
    expect(edit).toMatchObject({ method: 'PATCH', path: '/keys/key_1' });
    // What goes on the wire: unset options are left out, `none`/`never` become null.
    expect(JSON.parse(JSON.stringify(edit.body))).toEqual({ name: 'ci-2', expiresAt: null, requestsPerMinute: null, tokensPerMinute: 5000, spendLimit: null });
    expect(parseCommand(['keys', 'limit', 'key_1', '--rpm', '60']).call).toEqual(parseCommand(['keys', 'edit', 'key_1', '--rpm', '60']).call);
    expect(() => parseCommand(['keys', 'edit', 'key_1', '--rpm', 'lots'])).toThrow(UsageError);
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

describe('webhooks and alerts commands', () => {
  it('turn into admin API calls', () => {
    expect(parseCommand(['webhooks', 'add', 'acme', 'https://hooks.example.com/g', '--events', 'low_balance, key_spend']).call).toEqual({
      method: 'POST',
      path: '/teams/acme/webhooks',
      body: { url: 'https://hooks.example.com/g', description: undefined, events: ['low_balance', 'key_spend'] },
    });
    expect(parseCommand(['webhooks', 'disable', 'acme', 'whk_1']).call).toEqual({ method: 'PATCH', path: '/teams/acme/webhooks/whk_1', body: { enabled: false } });
    expect(parseCommand(['webhooks', 'test', 'acme', 'whk_1']).call).toEqual({ method: 'POST', path: '/teams/acme/webhooks/whk_1/test' });
    expect(parseCommand(['webhooks', 'deliveries', 'acme', 'whk_1', '--limit', '5']).call).toEqual({ method: 'GET', path: '/teams/acme/webhooks/whk_1/deliveries?limit=5' });
    expect(parseCommand(['alerts', 'add', 'acme', 'key_spend', '--thresholds', '50,80,100']).call).toMatchObject({ method: 'POST', path: '/teams/acme/alerts', body: { kind: 'key_spend', thresholds: [50, 80, 100] } });
    expect(parseCommand(['alerts', 'add', 'acme', 'low_balance', '--below', '5,0.5']).call).toMatchObject({ body: { kind: 'low_balance', thresholds: [5_000_000, 500_000] } });
    expect(parseCommand(['alerts', 'events', 'acme', '--unacknowledged']).call).toEqual({ method: 'GET', path: '/teams/acme/alert-events?unacknowledged=true' });
    expect(parseCommand(['alerts', 'remove', 'acme', 'rule_1']).call).toEqual({ method: 'DELETE', path: '/teams/acme/alerts/rule_1' });
  });

  it('explain malformed thresholds', () => {
    expect(() => parseCommand(['alerts', 'add', 'acme', 'key_spend', '--thresholds', '50,,x'])).toThrow(UsageError);
    expect(() => parseCommand(['alerts', 'add', 'acme', 'low_balance', '--below', 'five'])).toThrow(UsageError);
    expect(() => parseCommand(['alerts', 'add', 'acme', 'key_spend'])).toThrow('Missing --thresholds.');
  });
});

import { countTeams } from '@/db/queries/teams';
import type { Runtime } from './runtime';
import { createApiKey } from './services/keys/create-api-key';
import { issueSetupToken } from './services/setup/issue-setup-token';
import { createTeam } from './services/teams/create-team';

/**
 * First start on an empty database: a default team and its first API key, printed once.
 * While nobody has a console account, every start also prints a one-time setup link for the
 * first instance admin. There is no default password; secrets are shown here and never again.
 */
export async function bootstrap(runtime: Runtime, print: (text: string) => void): Promise<void> {
  const ctx = runtime.serviceContext({ kind: 'cli' });
  // Under the install-wide lock: instances started together must not both see an empty
  // database and both create the default team (the second would fail on its unique slug).
  const first = await runtime.database.exclusive(async () => {
    if ((await countTeams(runtime.database.db)) > 0) return null;
    const team = await createTeam({ ctx, input: { name: 'Default', slug: 'default' } });
    const key = await createApiKey({ ctx, input: { team: team.id, name: 'first key' } });
    return { team, key };
  });
  if (first) {
    const { team, key } = first;
    print(
      [
        '',
        'Gatehouse is set up for the first time.',
        `  Team:        ${team.slug}`,
        `  API key:     ${key.key}`,
        '  (shown once; it is stored only as a hash)',
        '  The team has no credits yet. Grant some with:',
        `    npm run gatehouse -- credits grant ${team.slug} 10`,
        '',
      ].join('\n'),
    );
  }
  const setup = runtime.env.GATEHOUSE_SKIP_CONSOLE ? null : await issueSetupToken({ ctx });
  if (setup) {
    print(
      [
        '',
        'Create the first console account (an instance admin, owner of team default) here:',
        `  ${setupLink(runtime)}/setup?token=${setup.token}`,
        `  (one-time link, valid until ${setup.expiresAt.toISOString()}; a restart prints a new one)`,
        '',
      ].join('\n'),
    );
  }
}

/** Where people reach this Gatehouse: GATEHOUSE_PUBLIC_URL, else this machine on PORT. */
function setupLink(runtime: Runtime): string {
  const { env } = runtime;
  if (env.GATEHOUSE_PUBLIC_URL) return env.GATEHOUSE_PUBLIC_URL.replace(/\/+$/, '');
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  return `http://${host}:${env.PORT}`;
}

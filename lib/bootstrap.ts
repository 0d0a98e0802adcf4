import { countTeams } from '@/db/queries/teams';
import type { Runtime } from './runtime';
import { createApiKey } from './services/keys/create-api-key';
import { createTeam } from './services/teams/create-team';

/**
 * First start on an empty database: a default team and its first API key, printed once.
 * There is no default password; the key is shown here and never again.
 */
export async function bootstrap(runtime: Runtime, print: (text: string) => void): Promise<void> {
  if ((await countTeams(runtime.database.db)) > 0) return;
  const ctx = runtime.serviceContext({ kind: 'cli' });
  const team = await createTeam({ ctx, input: { name: 'Default', slug: 'default' } });
  const key = await createApiKey({ ctx, input: { team: team.id, name: 'first key' } });
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

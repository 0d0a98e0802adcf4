import { parseArgs } from 'node:util';

/** A CLI command is an admin API request: the CLI and the HTTP API share one implementation. */
export type AdminCall = { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; body?: Record<string, unknown> };

export const usage = `Usage: npm run gatehouse -- <command>

  teams list
  teams create <name> [--slug <slug>] [--plan <plan>] [--credits <dollars>]
  keys list <team>
  keys create <team> <name> [--expires <ISO date>] [--spend-limit <dollars>]
  keys revoke <key-id>
  credits grant <team> <dollars> [--note <text>]
  credentials list <team>
  credentials add <team> <provider> --api-key <key> [--label <text>] [--base-url <url>] [--zdr true]
  models add <creator/model> --provider <slug> --upstream-id <id> --input <$/MTok> --output <$/MTok>
  models price <creator/model> <provider> --input <$/MTok> --output <$/MTok> [--cache-read <$/MTok>]
  providers list
  providers set <slug> [--zdr true|false] [--trains true|false] [--hq <country>] [--enabled true|false]

<team> is a team id or slug. Against a running embedded install the CLI goes through its
admin API; with GATEHOUSE_URL (and GATEHOUSE_ADMIN_TOKEN) it manages a remote Gatehouse.`;

const options = {
  slug: { type: 'string' },
  plan: { type: 'string' },
  credits: { type: 'string' },
  expires: { type: 'string' },
  'spend-limit': { type: 'string' },
  note: { type: 'string' },
  'api-key': { type: 'string' },
  label: { type: 'string' },
  'base-url': { type: 'string' },
  zdr: { type: 'string' },
  provider: { type: 'string' },
  'upstream-id': { type: 'string' },
  input: { type: 'string' },
  output: { type: 'string' },
  'cache-read': { type: 'string' },
  trains: { type: 'string' },
  hq: { type: 'string' },
  enabled: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export class UsageError extends Error {}

function need(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`Missing ${what}.`);
  return value;
}

export function parseCommand(argv: string[]): { call: AdminCall; json: boolean } {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  if (values.help || positionals.length === 0) throw new UsageError('');
  const [noun, verb, ...rest] = positionals;
  const team = () => encodeURIComponent(need(rest[0], '<team>'));
  const json = Boolean(values.json);
  const call = ((): AdminCall => {
    switch (`${noun} ${verb}`) {
      case 'teams list':
        return { method: 'GET', path: '/teams' };
      case 'teams create':
        return { method: 'POST', path: '/teams', body: { name: need(rest[0], '<name>'), slug: values.slug, plan: values.plan, initialCredits: values.credits } };
      case 'keys list':
        return { method: 'GET', path: `/teams/${team()}/keys` };
      case 'keys create':
        return { method: 'POST', path: `/teams/${team()}/keys`, body: { name: need(rest[1], '<name>'), expiresAt: values.expires, spendLimit: values['spend-limit'] } };
      case 'keys revoke':
        return { method: 'DELETE', path: `/keys/${encodeURIComponent(need(rest[0], '<key-id>'))}` };
      case 'credits grant':
        return { method: 'POST', path: `/teams/${team()}/credits`, body: { amount: need(rest[1], '<dollars>'), note: values.note } };
      case 'credentials list':
        return { method: 'GET', path: `/teams/${team()}/credentials` };
      case 'credentials add':
        return {
          method: 'POST',
          path: `/teams/${team()}/credentials`,
          body: { provider: need(rest[1], '<provider>'), apiKey: need(values['api-key'], '--api-key'), label: values.label, baseUrl: values['base-url'], zeroDataRetention: values.zdr === undefined ? undefined : values.zdr !== 'false' },
        };
      case 'models add':
        return {
          method: 'POST',
          path: '/models',
          body: {
            id: need(rest[0], '<creator/model>'),
            provider: need(values.provider, '--provider'),
            upstreamModelId: need(values['upstream-id'], '--upstream-id'),
            inputPrice: need(values.input, '--input'),
            outputPrice: need(values.output, '--output'),
          },
        };
      case 'models price':
        return {
          method: 'PUT',
          path: `/models/${need(rest[0], '<creator/model>')}/offerings/${encodeURIComponent(need(rest[1], '<provider>'))}`,
          body: { inputPrice: need(values.input, '--input'), outputPrice: need(values.output, '--output'), cacheReadPrice: values['cache-read'] },
        };
      case 'providers list':
        return { method: 'GET', path: '/providers' };
      case 'providers set':
        return {
          method: 'PUT',
          path: `/providers/${encodeURIComponent(need(rest[0], '<slug>'))}`,
          body: { zeroDataRetention: values.zdr, trainsOnPrompts: values.trains, headquarters: values.hq, enabled: values.enabled },
        };
      default:
        throw new UsageError(`Unknown command '${positionals.join(' ')}'.`);
    }
  })();
  return { call, json };
}

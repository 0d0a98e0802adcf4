import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseEnv } from '@/lib/env';

// The machine that builds Gatehouse has no container daemon: compose.yaml and the Dockerfile are
// never run here. What can be checked without one is that they agree with lib/env.ts and the
// README's configuration table, so a renamed or new variable cannot silently drift apart.
const root = path.resolve(__dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

type Service = { build?: unknown; image?: string; environment?: Record<string, string>; healthcheck?: unknown; stop_grace_period?: string };
const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service> };
const gatehouseServices = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);

/** Variable names lib/env.ts parses (the keys of its zod schema). */
const envNames = new Set([...read('lib/env.ts').matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm)].map((match) => match[1]));
/** Provider variables are read by pattern, not by name (see `providerVariable` in lib/env.ts). */
const providerVariable = /^[A-Z0-9_]+_(API_KEY|BASE_URL|TOKEN)$/;
const known = (name: string) => envNames.has(name) || providerVariable.test(name);

/** Every `NAME` in the first column of README's configuration table. */
function readmeTableNames(): string[] {
  const readme = read('README.md');
  const start = readme.indexOf('## Configuration');
  const table = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]));
}

/** The value compose would pass with every `${VAR…}` replaced by `values[VAR]` (or its `:-default`). */
function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_all, name: string, kind: string | undefined, rest: string) => values[name] ?? (kind === '-' ? rest : ''));
}

describe('compose.yaml, lib/env.ts and README agree', () => {
  it('runs two Gatehouse replicas behind one proxy that forwards to both', () => {
    expect(gatehouseServices.map(([name]) => name)).toHaveLength(2);
    const nginx = read('deploy/nginx.conf');
    for (const [name] of gatehouseServices) expect(nginx).toContain(`server ${name}:3000`);
    const published = Object.entries(compose.services).filter(([, service]) => 'ports' in service);
    expect(published.map(([name]) => name)).toEqual(['proxy']);
  });

  it('sets only variables lib/env.ts knows on Gatehouse, and every one README documents', () => {
    const documented = new Set(readmeTableNames());
    for (const [, service] of gatehouseServices) {
      for (const name of Object.keys(service.environment ?? {})) {
        expect(known(name), `${name} is not parsed by lib/env.ts`).toBe(true);
        if (!providerVariable.test(name)) expect(documented.has(name), `${name} is not in README's configuration table`).toBe(true);
      }
    }
  });

  it("documents in README only variables lib/env.ts parses, and lib/env.ts's in README", () => {
    const documented = readmeTableNames();
    expect(documented.filter((name) => !known(name) && name !== 'NODE_ENV')).toEqual([]);
    expect([...envNames].filter((name) => !documented.includes(name))).toEqual([]);
  });

  it('gives every replica the same database, Redis and the secrets that must be shared', () => {
    const shared = ['DATABASE_URL', 'REDIS_URL', 'GATEHOUSE_SECRET', 'AUTH_SECRET', 'GATEHOUSE_ADMIN_TOKEN', 'GATEHOUSE_PUBLIC_URL'];
    const [first, ...others] = gatehouseServices.map(([, service]) => service.environment ?? {});
    for (const name of shared) {
      expect(first[name], `${name} is not set`).toBeTruthy();
      for (const other of others) expect(other[name]).toBe(first[name]);
    }
    // Secrets come from the operator's .env and are required (`:?`), never written into the file.
    for (const name of ['GATEHOUSE_SECRET', 'AUTH_SECRET', 'GATEHOUSE_ADMIN_TOKEN']) expect(first[name]).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
  });

  it('passes what lib/env.ts accepts once .env is filled in as deploy/example.env says', () => {
    const secret = 'f'.repeat(64);
    const values = { POSTGRES_PASSWORD: 'password', GATEHOUSE_SECRET: secret, AUTH_SECRET: secret, GATEHOUSE_ADMIN_TOKEN: secret };
    const example = Object.fromEntries(
      read('deploy/example.env')
        .split('\n')
        .filter((line) => /^[A-Z]/.test(line))
        .map((line) => line.split('=')[0])
        .map((name) => [name, true]),
    );
    for (const [, service] of gatehouseServices) {
      const environment = Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, substitute(String(value), values)]));
      const env = parseEnv(environment);
      expect(env.DATABASE_URL).toBe('postgres://gatehouse:password@postgres:5432/gatehouse');
      expect(env.GATEHOUSE_TRUSTED_PROXIES).toBeDefined();
      // Every variable the file requires from .env is in the example .env.
      for (const [, name] of JSON.stringify(service.environment).matchAll(/\$\{([A-Z0-9_]+):\?/g)) expect(example[name], `${name} is missing from deploy/example.env`).toBe(true);
    }
  });

  it('lets a replica drain before it is killed, and checks health with node on /readyz', () => {
    const drainMs = Number(gatehouseServices[0][1].environment?.GATEHOUSE_DRAIN_TIMEOUT_MS ?? 120_000);
    for (const [, service] of gatehouseServices) expect(Number.parseInt(service.stop_grace_period ?? '10s', 10) * 1_000).toBeGreaterThan(drainMs);
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*"node".*\/readyz/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).not.toMatch(/^\s*CMD .*curl/m);
  });
});

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBlockedAddress } from './guarded-dispatcher';
import type { Lookup } from './outbound-url';
import { createTeamNetwork, type TeamNetwork } from './team-network';

/** A server on 127.0.0.1 standing in for an internal service: it counts what reaches it. */
async function internalService(reply: (path: string) => { status: number; headers?: Record<string, string>; body: string }) {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const { status, headers, body } = reply(req.url ?? '');
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { seen, port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(resolve)) };
}

let service: Awaited<ReturnType<typeof internalService>>;
let redirected: Awaited<ReturnType<typeof internalService>>;
const networks: TeamNetwork[] = [];
const network = (options: Parameters<typeof createTeamNetwork>[0]) => {
  const created = createTeamNetwork(options);
  networks.push(created);
  return created;
};

beforeAll(async () => {
  redirected = await internalService(() => ({ status: 200, body: '{"Code":"Success","SecretAccessKey":"internal-secret"}' }));
  service = await internalService((path) =>
    path === '/redirect' ? { status: 302, headers: { location: `http://127.0.0.1:${redirected.port}/latest/meta-data/iam` }, body: '' } : { status: 200, body: '{"data":[]}' },
  );
});
afterAll(async () => {
  await Promise.all(networks.map((created) => created.close()));
  await service?.close();
  await redirected?.close();
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe('the guarded dialer', () => {
  it('checks the address at connect time: a name that rebinds to loopback after validation is never connected to', async () => {
    // First answer public (what saving the URL saw), then loopback (what a rebinding resolver hands out next).
    const queue = ['93.184.216.34', '127.0.0.1'];
    const rebinding: Lookup = async () => [{ address: queue.shift() ?? '127.0.0.1', family: 4 }];
    const team = network({ lookup: rebinding });
    expect(await team.checkUrl(`http://api.rebind.example:${service.port}/v1`)).toBeUndefined();
    const error = await failure(team.fetch(`http://api.rebind.example:${service.port}/v1/models`));
    expect(findBlockedAddress(error)?.message).toMatch(/^api\.rebind\.example is not a public address/);
    expect(service.seen).toEqual([]);
  });

  it('refuses a name when any of its addresses is non-public, on both fetch and request', async () => {
    const mixed: Lookup = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    const team = network({ lookup: mixed });
    expect(findBlockedAddress(await failure(team.fetch(`http://api.mixed.example:${service.port}/v1/models`)))).toBeDefined();
    expect(findBlockedAddress(await failure(request(`http://api.mixed.example:${service.port}/v1/models`, { dispatcher: team.dispatcher })))).toBeDefined();
    expect(service.seen).toEqual([]);
  });

  it('refuses address literals the URL checks would have let through when stored before them', async () => {
    const team = network({});
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '2130706433', 'localhost']) {
      expect(findBlockedAddress(await failure(team.fetch(`http://${host}:${service.port}/v1/models`)))).toBeDefined();
    }
    expect(service.seen).toEqual([]);
  });

  it('connects to a host or range the operator allows', async () => {
    const lan: Lookup = async () => [{ address: '127.0.0.1', family: 4 }];
    const byName = network({ allowList: ['ollama.lan'], lookup: lan });
    expect((await byName.fetch(`http://ollama.lan:${service.port}/v1/models`)).status).toBe(200);
    const byRange = network({ allowList: ['127.0.0.0/8'], lookup: lan });
    expect((await byRange.fetch(`http://gpu.lan:${service.port}/v1/models`)).status).toBe(200);
    expect((await byRange.fetch(`http://127.0.0.1:${service.port}/v1/models`)).status).toBe(200);
    // Naming one host allows that host only.
    expect(findBlockedAddress(await failure(byName.fetch(`http://other.lan:${service.port}/v1/models`)))).toBeDefined();
    expect(service.seen).toEqual(['/v1/models', '/v1/models', '/v1/models']);
  });

  it('follows no redirect, even from an allowed host to another allowed one', async () => {
    const team = network({ allowList: ['127.0.0.1'] });
    expect((await team.fetch(`http://127.0.0.1:${service.port}/redirect`)).status).toBe(302);
    expect((await team.fetch(`http://127.0.0.1:${service.port}/redirect`, { redirect: 'follow' })).status).toBe(302);
    expect(redirected.seen).toEqual([]);
  });

  it('connects to the checked address but still verifies TLS for the name', async () => {
    const names: string[] = [];
    const tls = createTlsServer(
      {
        key: readFileSync('test/tls/self-signed-key.pem'),
        cert: readFileSync('test/tls/self-signed-cert.pem'),
        SNICallback: (name, done) => (names.push(name), done(null, undefined)),
      },
      (_request, response) => response.end('{}'),
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const team = network({ allowList: ['secure.lan'], lookup: async () => [{ address: '127.0.0.1', family: 4 }] });
      const error = await failure(team.fetch(`https://secure.lan:${(tls.address() as AddressInfo).port}/v1/models`));
      // The name went out as SNI, and the certificate was checked (this one is self-signed).
      expect(names).toEqual(['secure.lan']);
      expect((error as { cause?: { code?: string } }).cause?.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    } finally {
      await new Promise((resolve) => tls.close(resolve));
    }
  });
});

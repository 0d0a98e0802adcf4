import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export type SigningKey = { kid: string; alg: 'RS256' | 'ES256'; privateKey: CryptoKey; publicJwk: JWK };

/** A key pair as an issuer holds it; `publicJwk` is what its JWKS publishes. */
export async function newSigningKey(kid: string, alg: SigningKey['alg'] = 'RS256'): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export type TokenOptions = {
  /** Signs with this key (published or not) instead of the issuer's current one. */
  key?: SigningKey;
  /** Seconds from now; negative for a token that has already expired. */
  expiresIn?: number;
  /** Seconds from now until the token becomes valid. */
  notBefore?: number;
  audience?: string | string[];
  subject?: string;
  issuer?: string;
  /** Leaves these registered claims out. */
  omit?: Array<'exp' | 'sub'>;
};

export type OidcIssuer = Awaited<ReturnType<typeof startOidcIssuer>>;

/**
 * A local OpenID provider for tests: `/.well-known/openid-configuration` and `/jwks.json` on
 * 127.0.0.1, one published signing key to start with, counting every request it serves.
 */
export async function startOidcIssuer(options: { audience?: string; padded?: { document: 'discovery' | 'jwks'; bytes: number } } = {}) {
  let signing = await newSigningKey('key-1');
  let published: SigningKey[] = [signing];
  let generation = 1;
  const requests = { discovery: 0, jwks: 0 };
  /** Bytes of padding each padded answer had sent when its connection closed. */
  const paddingSent: number[] = [];
  const server = createServer((request, response) => {
    const send = (body: unknown, document?: 'discovery' | 'jwks') => {
      response.writeHead(200, { 'content-type': 'application/json' });
      if (!options.padded || options.padded.document !== document) return response.end(JSON.stringify(body));
      // Valid JSON that goes on and on: the document, then `bytes` of white space, sent as the socket takes them.
      const { bytes: total } = options.padded;
      let sent = 0;
      response.once('close', () => paddingSent.push(sent));
      response.write(JSON.stringify(body));
      const piece = Buffer.alloc(1024 * 1024, ' ');
      const pump = () => {
        while (sent < total && !response.destroyed) {
          sent += piece.length;
          if (!response.write(piece)) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
    };
    if (request.url === '/.well-known/openid-configuration') {
      requests.discovery += 1;
      return send({ issuer, jwks_uri: `${issuer}/jwks.json`, id_token_signing_alg_values_supported: ['RS256', 'ES256'], response_types_supported: ['id_token'] }, 'discovery');
    }
    if (request.url === '/jwks.json') {
      requests.jwks += 1;
      return send({ keys: published.map((key) => key.publicJwk) }, 'jwks');
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const audience = options.audience ?? 'gatehouse';

  return {
    issuer,
    audience,
    requests,
    paddingSent,
    /** A signed JWT: valid for five minutes for `audience`, unless told otherwise. */
    async token(claims: JWTPayload = {}, token: TokenOptions = {}): Promise<string> {
      const key = token.key ?? signing;
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
        .setIssuer(token.issuer ?? issuer)
        .setAudience(token.audience ?? audience)
        .setIssuedAt(now - 5);
      if (!token.omit?.includes('sub')) jwt.setSubject(token.subject ?? 'repo:acme/app:ref:refs/heads/main');
      if (!token.omit?.includes('exp')) jwt.setExpirationTime(now + (token.expiresIn ?? 300));
      if (token.notBefore !== undefined) jwt.setNotBefore(now + token.notBefore);
      return jwt.sign(key.privateKey);
    },
    /** Switches to a new key with a new kid and publishes only that one. */
    async rotate(alg: SigningKey['alg'] = 'RS256'): Promise<SigningKey> {
      generation += 1;
      signing = await newSigningKey(`key-${generation}`, alg);
      published = [signing];
      return signing;
    },
    /** A key with the current kid that the issuer never published: what a forger would sign with. */
    forgeryKey: () => newSigningKey(signing.kid, signing.alg),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

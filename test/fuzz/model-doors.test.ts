import fc from 'fast-check';
import { describe, it } from 'vitest';
import { authHeaders, extraHeaders, modelDoors } from './doors';
import { bearer, fuzz, fuzzThenCheckUsage, hostileExchange, json, PROPERTY_TIMEOUT_MS, setUpFuzzTarget } from './fuzz-target';
import { almostValidBody, notJsonBody, oddContentType, unstorableTextBody } from './hostile';

// Every model door, with hostile bodies and headers: never a 500, an answer in time, the door's
// own error envelope, and the usage log keeps taking rows for everyone afterwards.
const target = setUpFuzzTarget();

describe.each(modelDoors.map((door) => ({ ...door, name: `${door.path} (${door.headers.find(([name]) => name.endsWith('streaming'))?.[1] === 'true' ? 'stream' : 'default'})` })))(
  '$name',
  (door) => {
    it('almost-valid bodies: one field mutated', async () => {
      await fuzzThenCheckUsage(target, () =>
        fuzz(
          40,
          fc.asyncProperty(fc.constantFrom(...door.bodies).chain(almostValidBody), async (body) => {
            await hostileExchange(target(), { method: 'POST', target: door.path, headers: [bearer(target().attacker.key), json, ...door.headers], body });
          }),
        ),
      );
    }, PROPERTY_TIMEOUT_MS);

    it('NUL and lone surrogates in any string field or key', async () => {
      await fuzzThenCheckUsage(target, () =>
        fuzz(
          25,
          fc.asyncProperty(fc.constantFrom(...door.bodies).chain(unstorableTextBody), async (body) => {
            await hostileExchange(target(), { method: 'POST', target: door.path, headers: [bearer(target().attacker.key), json, ...door.headers], body });
          }),
        ),
      );
    }, PROPERTY_TIMEOUT_MS);

    it('bodies that are not JSON, under odd content types', async () => {
      await fuzzThenCheckUsage(target, () =>
        fuzz(
          12,
          fc.asyncProperty(notJsonBody, oddContentType, async (body, contentType) => {
            const headers: Array<[string, string]> = [bearer(target().attacker.key), ...door.headers];
            if (contentType !== undefined) headers.push(['content-type', contentType]);
            await hostileExchange(target(), { method: 'POST', target: door.path, headers, body });
          }),
        ),
      );
    }, PROPERTY_TIMEOUT_MS);

    it('hostile headers: missing, duplicate and forged keys, odd bytes', async () => {
      await fuzzThenCheckUsage(target, () =>
        fuzz(
          15,
          fc.asyncProperty(fc.constant(null).chain(() => authHeaders(target().attacker.key)), extraHeaders, oddContentType, async (auth, extra, contentType) => {
            const headers: Array<[string, string | Buffer]> = [...auth, ...door.headers, ...extra];
            if (contentType !== undefined) headers.push(['content-type', contentType]);
            await hostileExchange(target(), { method: 'POST', target: door.path, headers, body: JSON.stringify(door.bodies[0]) });
          }),
        ),
      );
    }, PROPERTY_TIMEOUT_MS);
  },
);

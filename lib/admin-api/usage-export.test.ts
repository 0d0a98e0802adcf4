import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertApiKey } from '@/db/queries/api-keys';
import { usageLogs } from '@/db/schema';
import { freshDatabase } from '@/test/harness';
import { parseCsv } from '@/test/csv';
import { createLogger } from '../logger';
import { exportUsage } from '../services/usage/export-usage';
import { parseUsageSearch } from '../services/usage/usage-params';
import { openTestServices, rejection, type TestServices } from '../services/test-services';
import { exportColumns } from '../usage/export-format';
import { routeAdminRequest } from './router';

/**
 * GET /api/admin/teams/:team/usage?format=csv|jsonl: the console's filters as query
 * parameters, the rows streamed in keyset batches. Rows are written straight to the table so
 * the test controls every field, hostile text included.
 */
const TOKEN = 'admin-token-for-export-tests-0123456789';
let services: TestServices;
let drop: () => Promise<void>;
let acme: Awaited<ReturnType<TestServices['team']>>;
let globex: Awaited<ReturnType<TestServices['team']>>;
const start = Date.parse('2026-03-01T00:00:00Z');

const hostile = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tpadded', '\rreturn', 'comma, "quote"\nnewline'];

function row(teamId: string, index: number, extra: Partial<typeof usageLogs.$inferInsert> = {}): typeof usageLogs.$inferInsert {
  return {
    generationId: `gen_${teamId}_${String(index).padStart(5, '0')}`,
    teamId,
    apiKeyId: index % 2 ? `key_${teamId}` : null,
    endUser: hostile[index % hostile.length],
    tags: index % 3 ? ['prod', 'a,b'] : [],
    requestedModel: index % 2 ? 'openai/gpt-4o' : 'anthropic/claude-sonnet-4',
    servedModel: index % 2 ? 'gpt-4o' : null,
    provider: index % 2 ? 'openai' : 'anthropic',
    credentialType: 'system',
    protocol: 'openai-chat',
    status: index % 5 ? 'success' : 'error',
    httpStatus: index % 5 ? 200 : 502,
    errorMessage: index % 5 ? null : 'upstream said "no"',
    inputTokens: 100 + index,
    outputTokens: 10,
    costMicros: 1_000 * (index + 1),
    billedMicros: 1_000 * (index + 1),
    latencyMs: 300,
    attempts: [{ model: 'openai/gpt-4o', provider: 'openai', credential: 'system', status: 'success', durationMs: 280, error: 'internal detail' }],
    // Twelve minutes apart from 1 March, spread over a few days.
    createdAt: new Date(start + index * 720_000),
    ...extra,
  };
}

const admin = (path: string, token = TOKEN) =>
  routeAdminRequest(
    { adminToken: TOKEN, logger: createLogger('silent'), serviceContext: () => services.as({ kind: 'admin-token' }) },
    new Request(`http://gatehouse.test/api/admin${path}`, { headers: { authorization: `Bearer ${token}` } }),
  );

beforeAll(async () => {
  const database = await freshDatabase();
  drop = database.drop;
  services = await openTestServices({ url: database.url });
  acme = await services.team('Acme export');
  globex = await services.team('Globex export');
  for (const team of [acme, globex]) {
    await insertApiKey(services.db, { id: `key_${team.id}`, teamId: team.id, name: `=cmd|' /C calc'!A0`, prefix: 'gth_abc', hash: `secret-hash-${team.id}` });
  }
  await services.db.insert(usageLogs).values([...Array.from({ length: 40 }, (_, index) => row(acme.id, index)), row(globex.id, 0)]);
});
afterAll(async () => {
  await services?.close();
  await drop?.();
});

describe('usage export through the admin API', () => {
  it('answers CSV that parses back to the rows, quoted and with formulas neutralised', async () => {
    const response = await admin(`/teams/${acme.slug}/usage?format=csv&from=2026-03-01&to=2026-03-31`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="usage-acme-export-2026-03-01-to-2026-04-01\.csv"$/);
    const text = await response.text();
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual(exportColumns.map(([name]) => name));
    expect(header).not.toContain('reserved_micros');
    expect(header).not.toContain('attempts');
    expect(records).toHaveLength(40);
    const byId = records.map((record) => Object.fromEntries(header.map((name, index) => [name, record[index]])));
    // Oldest first.
    expect(byId.map((record) => record.generation_id)).toEqual(Array.from({ length: 40 }, (_, index) => row(acme.id, index).generationId));
    for (const [index, record] of byId.entries()) {
      const source = row(acme.id, index);
      const endUser = source.endUser!;
      expect(record.end_user).toBe(/^[=+\-@\t\r]/.test(endUser) ? `'${endUser}` : endUser);
      expect(record.created_at).toBe(new Date(source.createdAt!).toISOString().replace('Z', '000Z'));
      expect(record.cost_micros).toBe(String(source.costMicros));
      expect(record.input_tokens).toBe(String(source.inputTokens));
      expect(JSON.parse(record.tags)).toEqual(source.tags);
      expect(record.api_key_name).toBe(index % 2 ? `'=cmd|' /C calc'!A0` : '');
      expect(record.status).toBe(source.status);
      expect(record.streamed).toBe('false');
    }
    expect(text).not.toContain('secret-hash');
    expect(text).not.toContain('internal detail');
    expect(text).not.toContain(globex.id);
  });

  it('answers JSON Lines whose every line parses, raw values and real types', async () => {
    const response = await admin(`/teams/${acme.id}/usage?format=jsonl&from=2026-03-01&to=2026-03-31`);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const text = await response.text();
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(40);
    expect(lines[1]).toMatchObject({ generation_id: row(acme.id, 1).generationId, end_user: hostile[1], tags: ['prod', 'a,b'], cost_micros: 2_000, streamed: false, api_key_id: `key_${acme.id}` });
    expect(lines[0]).toMatchObject({ status: 'error', error_message: 'upstream said "no"', api_key_id: null, ttft_ms: null });
    expect(Object.keys(lines[0])).toEqual(exportColumns.map(([name]) => name));
  });

  it('applies the console filters, the range and the row limit', async () => {
    const lines = async (query: string) => {
      const response = await admin(`/teams/${acme.slug}/usage?format=jsonl&from=2026-03-01&to=2026-03-31&${query}`);
      expect(response.status).toBe(200);
      return (await response.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    };
    expect((await lines('model=openai/gpt-4o')).every((line) => line.requested_model === 'openai/gpt-4o')).toBe(true);
    expect(await lines('model=openai/gpt-4o')).toHaveLength(20);
    expect(await lines('status=error')).toHaveLength(8);
    expect(await lines(`key=key_${acme.id}`)).toHaveLength(20);
    expect(await lines('tag=prod')).toHaveLength(26);
    expect(await lines(`user=${encodeURIComponent(hostile[2])}`)).toHaveLength(6);
    expect((await lines('limit=7')).map((line) => line.generation_id)).toEqual(Array.from({ length: 7 }, (_, index) => row(acme.id, index).generationId));
    // 1 March only: the first 120 rows' worth of minutes holds all 40 (12 min apart = 8 h); 2 March holds none.
    expect(await lines('to=2026-03-01')).toHaveLength(40);
    const later = await admin(`/teams/${acme.slug}/usage?format=csv&from=2026-03-02&to=2026-03-03`);
    expect(parseCsv(await later.text())).toHaveLength(1);
  });

  it('refuses bad input before sending anything, in the admin error envelope', async () => {
    const cases: Array<[string, number, string]> = [
      [`/teams/${acme.slug}/usage?format=xlsx`, 400, 'invalid_request'],
      [`/teams/${acme.slug}/usage?format=csv&from=2026-03-05&to=2026-03-01`, 400, 'invalid_request'],
      [`/teams/${acme.slug}/usage?format=csv&from=2026-02-30`, 400, 'invalid_request'],
      [`/teams/${acme.slug}/usage?format=csv&limit=0`, 400, 'invalid_request'],
      [`/teams/nobody/usage?format=csv`, 404, 'not_found'],
    ];
    for (const [path, status, code] of cases) {
      const response = await admin(path);
      expect(response.status, path).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code, path).toBe(code);
    }
    expect((await admin(`/teams/${acme.slug}/usage?format=csv`, 'wrong-token-wrong-token-wrong')).status).toBe(401);
    for (const query of ['user=%00', 'model=a%00b', 'tag=%F0%9F%92%A5', `key=${'k'.repeat(201)}`]) {
      const response = await admin(`/teams/${acme.slug}/usage?format=csv&${query}`);
      expect(response.status, query).toBeLessThan(500);
      // Whatever the status, the body is whole: a failure is never a cut download.
      await response.text();
    }
  });

  it('without a format answers one JSON page, as the console list reads it', async () => {
    const response = await admin(`/teams/${acme.slug}/usage?from=2026-03-01&to=2026-03-31&limit=5`);
    const body = (await response.json()) as { data: unknown[]; nextCursor: string | null };
    expect(body.data).toHaveLength(5);
    expect(body.nextCursor).toEqual(expect.any(String));
  });
});

describe('the export streams', () => {
  it('sends the first rows before it reads the later batches', async () => {
    // 2,500 rows: three batches of 1,000. A row written after the first bytes arrived is in
    // the export only if the later batches are read after them, not all up front.
    const late = Date.parse('2026-05-01T00:00:00Z');
    const rows = Array.from({ length: 2_500 }, (_, index) => row(acme.id, 10_000 + index, { createdAt: new Date(late + index * 1_000), endUser: 'bulk' }));
    for (let index = 0; index < rows.length; index += 500) await services.db.insert(usageLogs).values(rows.slice(index, index + 500));
    const response = await admin(`/teams/${acme.slug}/usage?format=jsonl&from=2026-05-01&to=2026-05-02&user=bulk`);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(first.done).toBe(false);
    const received = [decoder.decode(first.value, { stream: true })];
    expect(received[0].split('\n').filter(Boolean).length).toBeLessThanOrEqual(1_000);
    await services.db.insert(usageLogs).values(row(acme.id, 99_999, { createdAt: new Date('2026-05-01T23:00:00Z'), endUser: 'bulk' }));
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      received.push(decoder.decode(next.value, { stream: true }));
    }
    const lines = received.join('').split('\n').filter(Boolean);
    expect(lines).toHaveLength(2_501);
    expect(JSON.parse(lines[2_500]).generation_id).toBe(row(acme.id, 99_999).generationId);
  });

  it('reads a batch only when the reader has taken the one before', async () => {
    const search = parseUsageSearch({ from: '2026-03-01', to: '2026-03-31' });
    const file = await exportUsage({ ctx: services.as({ kind: 'cli' }), input: { team: acme.id, search: search.data!, format: 'csv', batchRows: 10 } });
    const reader = file.body.getReader();
    await reader.read();
    // Nothing read but the header: at most one batch is waiting; deleting the rows now
    // leaves the later batches empty.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { sql } = await import('drizzle-orm');
    await services.db.execute(sql`update usage_logs set end_user = 'changed' where team_id = ${acme.id} and created_at < '2026-03-02'`);
    let text = '';
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      text += new TextDecoder().decode(next.value);
    }
    const records = parseCsv(text);
    expect(records).toHaveLength(40);
    // The first batch may have been read ahead; the last ones were read after the change.
    expect(records.at(-1)![exportColumns.findIndex(([name]) => name === 'end_user')]).toBe('changed');
    expect(records.filter((record) => record.includes('changed')).length).toBeGreaterThanOrEqual(30);
  });

  it('checks the role before it streams: a non-member is told the team does not exist', async () => {
    const search = parseUsageSearch({}).data!;
    expect(await rejection(exportUsage({ ctx: globex.owner.ctx, input: { team: acme.id, search, format: 'csv' } }))).toBe('not_found');
    await expect(exportUsage({ ctx: acme.viewer.ctx, input: { team: acme.id, search, format: 'csv' } })).resolves.toMatchObject({ contentType: 'text/csv; charset=utf-8' });
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '@/test/harness';
import { openDatabase, type Database } from '../client';
import { creditLedger, usageLogs } from '../schema';
import { insertJsonRows, rowsJson } from './json-insert';
import { insertTeam } from './teams';

// On PGlite, and on PostgreSQL too when DATABASE_URL is set (the CI's second pass).
let database: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  const fresh = await freshDatabase();
  drop = fresh.drop;
  database = await openDatabase({ url: fresh.url, dataDir: 'memory://' });
  await insertTeam(database.db, { id: 'team_j', slug: 'j', name: 'J' });
});
afterAll(async () => {
  await database?.close();
  await drop?.();
});

describe('insertJsonRows', () => {
  it('stores every column type as drizzle would, and applies the schema defaults', async () => {
    const createdAt = new Date('2026-03-04T05:06:07.089Z');
    const attempts = [{ model: 'openai/gpt-4o', provider: 'openai', credential: 'system' as const, status: 'error' as const, httpStatus: 503, error: 'down "quoted" \\ \u00e9', durationMs: 12 }];
    await insertJsonRows(database.db, usageLogs, [
      { generationId: 'gen_full', teamId: 'team_j', tags: ['a,b', 'c"d', 'ünï'], requestedModel: 'openai/gpt-4o', protocol: 'openai-chat', status: 'success', httpStatus: 200, latencyMs: 5, costMicros: 9_007_199_254_740, streamed: true, attempts, createdAt },
      { generationId: 'gen_defaults', teamId: 'team_j', requestedModel: 'x/y', protocol: 'openai-chat', status: 'error', httpStatus: 502, latencyMs: 1 },
    ]);
    const [full] = await database.db.select().from(usageLogs).where(eq(usageLogs.generationId, 'gen_full'));
    expect(full).toMatchObject({ tags: ['a,b', 'c"d', 'ünï'], costMicros: 9_007_199_254_740, streamed: true, attempts, createdAt, ttftMs: null, endUser: null });
    const [defaults] = await database.db.select().from(usageLogs).where(eq(usageLogs.generationId, 'gen_defaults'));
    expect(defaults).toMatchObject({ tags: [], streamed: false, inputTokens: 0, costMicros: 0, attempts: [], usageEstimated: false });
    expect(Math.abs(defaults.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('leaves serial ids to the database and returns what the suffix asks for', async () => {
    const returned = await insertJsonRows<typeof creditLedger, { id: string | number; amount_micros: string | number }>(
      database.db,
      creditLedger,
      [
        { teamId: 'team_j', kind: 'grant', amountMicros: 10, balanceAfterMicros: 10, actor: 'test' },
        { teamId: 'team_j', kind: 'grant', amountMicros: 20, balanceAfterMicros: 30, actor: 'test' },
      ],
      ' returning "id", "amount_micros"',
    );
    expect(returned.map((row) => Number(row.amount_micros))).toEqual([10, 20]);
    expect(Number(returned[1].id)).toBeGreaterThan(Number(returned[0].id));
  });

  it('skips conflicting rows when told to', async () => {
    const row = { generationId: 'gen_once', teamId: 'team_j', requestedModel: 'x/y', protocol: 'openai-chat', status: 'success', httpStatus: 200, latencyMs: 1 };
    const suffix = ' on conflict ("generation_id") do nothing returning "generation_id"';
    expect(await insertJsonRows(database.db, usageLogs, [row], suffix)).toHaveLength(1);
    expect(await insertJsonRows(database.db, usageLogs, [row, { ...row, generationId: 'gen_twice' }], suffix)).toEqual([{ generation_id: 'gen_twice' }]);
  });
});

describe('rowsJson', () => {
  const columns = ['a', 'b', 'c', 'd', 'e'].map((key) => ({ key, name: `col_${key}`, fill: key === 'e' ? 'filled' : undefined, member: `${JSON.stringify(`col_${key}`)}:` }));
  // The reference: the object of the row's present members, as JSON.stringify writes it.
  const reference = (rows: Array<Record<string, unknown>>) =>
    JSON.stringify(rows.map((row) => Object.fromEntries(columns.flatMap((column) => ((row[column.key] ?? column.fill) == null ? [] : [[column.name, row[column.key] ?? column.fill]])))));

  it('writes exactly what JSON.stringify writes for the object of the present members', () => {
    const values: unknown[] = [0, -0, 1.5, 1e21, -7, NaN, Infinity, 9_007_199_254_740_991, 'plain', 'quote " backslash \\ newline \n', '\u00e9\u{1f600}', '\ud800', '', true, false, null, undefined,
      new Date('2026-03-04T05:06:07.089Z'), ['x', 1, null], { nested: { deep: [1, 'two'] } }, () => 1, Symbol('s')];
    const rows: Array<Record<string, unknown>> = [];
    for (let index = 0; index < 200; index++) {
      const row: Record<string, unknown> = {};
      for (const [offset, key] of ['a', 'b', 'c', 'd', 'e'].entries()) row[key] = values[(index * 7 + offset * 3 + (index >> 2)) % values.length];
      rows.push(row);
    }
    expect(rowsJson({ columns }, rows)).toBe(reference(rows));
    expect(rowsJson({ columns }, [])).toBe('[]');
    expect(rowsJson({ columns }, [{}])).toBe('[{"col_e":"filled"}]');
  });
});

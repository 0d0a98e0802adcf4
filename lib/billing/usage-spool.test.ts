import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usageRowFixture } from '@/test/usage-row';
import { createLogger } from '../logger';
import { claimAbandonedSpool, openUsageSpool, spoolDirectory, UsageSpool } from './usage-spool';

const logger = createLogger('silent');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-spool-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const row = (id: string, billed = 10) => ({ ...usageRowFixture('team_s', id, billed), createdAt: new Date('2026-12-01T10:00:00Z') });
const segments = () => readdirSync(dir).filter((file) => file.endsWith('.jsonl'));

/** Makes `spool`'s owner look like a process that died (its pid no longer runs). */
function kill(spool: UsageSpool) {
  const lock = path.join(dir, `${spool.owner}.lock`);
  writeFileSync(lock, JSON.stringify({ ...JSON.parse(readFileSync(lock, 'utf8')), pid: 2 ** 22 + 1 }));
}

describe('UsageSpool', () => {
  it('appends one line per row and deletes the segment once its rows are settled', () => {
    const spool = new UsageSpool(dir, logger);
    spool.append(row('gen_1'));
    spool.started(row('gen_2'));
    expect(segments()).toHaveLength(1);
    const lines = readFileSync(path.join(dir, segments()[0]), 'utf8').trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).k)).toEqual(['row', 'start']);
    spool.settle([row('gen_1')]);
    spool.append(row('gen_2'));
    spool.settle([row('gen_2')]);
    spool.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps unsettled rows and its lock at close, for the next start', () => {
    const spool = new UsageSpool(dir, logger);
    spool.append(row('gen_1'));
    spool.close();
    expect(segments()).toHaveLength(1);
    expect(readdirSync(dir).filter((file) => file.endsWith('.lock'))).toHaveLength(1);
  });
});

describe('claimAbandonedSpool', () => {
  it("takes a dead process's rows: final rows as they are, a stream with only a start as its start row", () => {
    const dead = new UsageSpool(dir, logger);
    dead.append(row('gen_json'));
    dead.started(row('gen_done', 5));
    dead.append({ ...row('gen_done', 70), finishReason: 'stop' });
    dead.started({ ...row('gen_cut', 3), errorCode: 'gateway_crashed' });
    kill(dead);
    // The process died inside a write(): a torn last line, never acknowledged to a client.
    appendFileSync(path.join(dir, segments()[0]), '{"k":"row","r":{"generationId":"gen_to');

    const next = new UsageSpool(dir, logger);
    const claim = claimAbandonedSpool(next);
    const byId = new Map(claim.rows.map((claimed) => [claimed.generationId, claimed]));
    expect([...byId.keys()].sort()).toEqual(['gen_cut', 'gen_done', 'gen_json']);
    expect(byId.get('gen_done')).toMatchObject({ billedMicros: 70, finishReason: 'stop' });
    expect(byId.get('gen_cut')).toMatchObject({ billedMicros: 3, errorCode: 'gateway_crashed' });
    expect(byId.get('gen_json')?.createdAt).toEqual(new Date('2026-12-01T10:00:00Z'));
    expect(claim.interrupted).toBe(1);
    claim.release();
    expect(readdirSync(dir).filter((file) => !file.startsWith(next.owner))).toEqual([]);
    next.close();
  });

  it('leaves a live process alone, and a segment is claimed by one instance only', () => {
    const live = new UsageSpool(dir, logger);
    live.append(row('gen_live'));
    const dead = new UsageSpool(dir, logger);
    dead.append(row('gen_dead'));
    kill(dead);

    const first = new UsageSpool(dir, logger);
    const second = new UsageSpool(dir, logger);
    expect(claimAbandonedSpool(first).rows.map((claimed) => claimed.generationId)).toEqual(['gen_dead']);
    expect(claimAbandonedSpool(second).rows).toEqual([]);
    expect(segments().some((file) => file.startsWith(`${live.owner}.`))).toBe(true);
  });

  it('takes over an owner whose heartbeat stopped, even on another host', () => {
    const other = new UsageSpool(dir, logger);
    other.append(row('gen_far'));
    const lock = path.join(dir, `${other.owner}.lock`);
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: 'another-host' }));
    const next = new UsageSpool(dir, logger);
    expect(claimAbandonedSpool(next).rows).toEqual([]);
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    expect(claimAbandonedSpool(next).rows.map((claimed) => claimed.generationId)).toEqual(['gen_far']);
  });
});

describe('spoolDirectory', () => {
  it('defaults to the data folder, and is off for an in-memory one or when asked', () => {
    expect(spoolDirectory({ GATEHOUSE_DATA_DIR: '/var/gatehouse' })).toBe('/var/gatehouse/spool');
    expect(spoolDirectory({ GATEHOUSE_DATA_DIR: 'memory://' })).toBeUndefined();
    expect(spoolDirectory({ GATEHOUSE_DATA_DIR: 'memory://', GATEHOUSE_SPOOL_DIR: '/tmp/spool' })).toBe('/tmp/spool');
    expect(spoolDirectory({ GATEHOUSE_DATA_DIR: '/var/gatehouse', GATEHOUSE_SPOOL_DIR: 'off' })).toBeUndefined();
  });
});

describe('openUsageSpool', () => {
  it('serves without a spool, rather than not start, when the folder cannot be made', () => {
    const file = path.join(dir, 'not-a-folder');
    writeFileSync(file, '');
    const errors: string[] = [];
    const spy = { ...logger, error: (message: string) => errors.push(message) };
    expect(openUsageSpool(path.join(file, 'spool'), spy)).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(openUsageSpool(undefined, spy)).toBeUndefined();
  });
});

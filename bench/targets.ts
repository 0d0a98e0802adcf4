/**
 * Issue 14's targets, checked against one run: each target and cell is PASS, FAIL, or SKIP
 * (not measured in this run, e.g. Portkey not installed). All ratios compare processes
 * measured in the same run; "bare" is the floor, the leaner of the two bare proxies in that
 * cell (lower server CPU per request).
 */
import type { CellSummary, Mode } from './cells';

export const BARE_PROXIES = ['bare-pipe', 'bare-undici'];

export type Check = {
  /** The target as issue 14 words it. */
  target: string;
  /** mode and concurrency, or the memory state. */
  cell: string;
  value: string;
  limit: string;
  status: 'PASS' | 'FAIL' | 'SKIP';
};

export type MemoryFigures = {
  database: 'pglite' | 'postgres';
  /** Gatehouse's RSS after start-up and the smoke check, before any load. */
  idleMB: number | null;
  /** Gatehouse's peak RSS over the c64 cells (JSON and streaming). */
  underC64MB: number | null;
  /** Gatehouse's RSS once the console has served `/login`; null when it could not be loaded. */
  consoleMB: number | null;
};

/** PGlite may add this much to each memory target (issue 14). */
export const PGLITE_ALLOWANCE_MB = 150;

type Find = (target: string, mode: Mode, concurrency: number) => CellSummary | undefined;

/** The floor in a cell: the bare proxy with the lower server CPU per request. */
export function floorOf(find: Find, mode: Mode, concurrency: number): CellSummary | undefined {
  const bares = BARE_PROXIES.map((name) => find(name, mode, concurrency)).filter((cell): cell is CellSummary => Boolean(cell && Number.isFinite(cell.serverCpuUsPerRequest)));
  return bares.sort((a, b) => a.serverCpuUsPerRequest - b.serverCpuUsPerRequest)[0];
}

const times = (value: number) => `${value.toFixed(2)}×`;

function check(target: string, cell: string, value: number | null | undefined, limit: string, meets: (value: number) => boolean, show: (value: number) => string): Check {
  if (value === null || value === undefined || !Number.isFinite(value)) return { target, cell, value: '–', limit, status: 'SKIP' };
  return { target, cell, value: show(value), limit, status: meets(value) ? 'PASS' : 'FAIL' };
}

export function checkTargets(cells: CellSummary[], concurrencies: number[], memory: MemoryFigures, metricsCpuRatio: number | null): Check[] {
  const find: Find = (target, mode, concurrency) => cells.find((cell) => cell.target === target && cell.mode === mode && cell.concurrency === concurrency);
  const db = memory.database === 'pglite' ? 'PGlite' : 'PostgreSQL';
  const checks: Check[] = [];
  for (const concurrency of concurrencies) {
    const gh = find('gatehouse', 'json', concurrency);
    const portkey = find('portkey', 'json', concurrency);
    const ratio = gh && portkey && portkey.requestsPerSecond > 0 ? gh.requestsPerSecond / portkey.requestsPerSecond : null;
    // The floor's own ratio beside it: at c1, where throughput is one request's latency, no proxy slower than the floor can beat it.
    const bare = floorOf(find, 'json', concurrency);
    const show = (value: number) => (bare && portkey ? `${times(value)} (${bare.target}: ${times(bare.requestsPerSecond / portkey.requestsPerSecond)})` : times(value));
    checks.push(check('JSON req/s ≥ 3 × Portkey', `json c${concurrency}`, ratio, '≥ 3×', (value) => value >= 3, show));
  }
  for (const concurrency of concurrencies) {
    const gh = find('gatehouse', 'json', concurrency);
    const bare = floorOf(find, 'json', concurrency);
    const limit = concurrency <= 1 ? 3 : 2;
    const ratio = gh && bare ? gh.serverCpuUsPerRequest / bare.serverCpuUsPerRequest : null;
    checks.push(check(`CPU per JSON request ≤ ${limit} × bare (${db})`, `json c${concurrency}`, ratio, `≤ ${limit}×`, (value) => value <= limit, (value) => `${times(value)} (${Math.round(gh!.serverCpuUsPerRequest)} ÷ ${Math.round(bare!.serverCpuUsPerRequest)} µs, ${bare!.target})`));
  }
  for (const concurrency of concurrencies) {
    const gh = find('gatehouse', 'stream', concurrency);
    const bare = floorOf(find, 'stream', concurrency);
    const ratio = gh && bare ? gh.serverCpuUsPerRequest / bare.serverCpuUsPerRequest : null;
    checks.push(check(`CPU per stream ≤ 1.5 × bare (${db})`, `stream c${concurrency}`, ratio, '≤ 1.5×', (value) => value <= 1.5, (value) => `${times(value)} (${Math.round(gh!.serverCpuUsPerRequest)} ÷ ${Math.round(bare!.serverCpuUsPerRequest)} µs, ${bare!.target})`));
  }
  if (concurrencies.includes(64)) {
    const gh = find('gatehouse', 'stream', 64);
    const bare = floorOf(find, 'stream', 64);
    const ratio = gh && bare && bare.requestsPerSecond > 0 ? gh.requestsPerSecond / bare.requestsPerSecond : null;
    checks.push(check('streams/s ≥ 0.95 × bare', 'stream c64', ratio, '≥ 0.95×', (value) => value >= 0.95, (value) => `${times(value)} (${gh!.requestsPerSecond} ÷ ${bare!.requestsPerSecond}/s)`));
  }
  for (const [concurrency, slackMs] of [
    [16, 1],
    [64, 2],
  ] as const) {
    if (!concurrencies.includes(concurrency)) continue;
    const gh = find('gatehouse', 'stream', concurrency);
    const bare = floorOf(find, 'stream', concurrency);
    const delta = gh && bare ? gh.ttfbMs.p50 - bare.ttfbMs.p50 : null;
    checks.push(check(`TTFB p50 ≤ bare + ${slackMs} ms`, `stream c${concurrency}`, delta, `≤ +${slackMs} ms`, (value) => value <= slackMs, (value) => `${value >= 0 ? '+' : ''}${value.toFixed(2)} ms`));
  }
  const extra = memory.database === 'pglite' ? PGLITE_ALLOWANCE_MB : 0;
  const mb = (value: number) => `${Math.round(value)} MB`;
  const suffix = extra ? ` + ${extra} MB for PGlite` : '';
  checks.push(check(`RSS, gateway only, idle ≤ 120 MB${suffix}`, `idle (${db})`, memory.idleMB, `≤ ${120 + extra} MB`, (value) => value <= 120 + extra, mb));
  checks.push(check(`RSS, gateway only, under c64 ≤ 180 MB${suffix}`, `peak over c64 (${db})`, memory.underC64MB, `≤ ${180 + extra} MB`, (value) => value <= 180 + extra, mb));
  checks.push(check(`RSS, console loaded ≤ 250 MB${suffix}`, `after /login (${db})`, memory.consoleMB, `≤ ${250 + extra} MB`, (value) => value <= 250 + extra, mb));
  checks.push(check('CPU per JSON request, metrics on ÷ off ≤ 1.05', 'json c16', metricsCpuRatio, '≤ 1.05×', (value) => value <= 1.05, times));
  return checks;
}

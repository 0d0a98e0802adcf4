/**
 * What the crash spool and the storable-text pass cost per usage row on the request path:
 * `npx tsx bench/usage-spool.ts`. Appends a realistic row (sanitized first, as `meter.record`
 * does) with one write() each, settles in batches of 200 as the meter does, and prints µs/row
 * (CPU time, and wall time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { UsageRow } from '@/db/queries/usage-logs';
import { storableUsageRow } from '@/lib/billing/storable-text';
import { UsageSpool } from '@/lib/billing/usage-spool';
import { createLogger } from '@/lib/logger';

const ROWS = Number(process.env.ROWS ?? 50_000);

const row = (index: number): UsageRow => ({
  generationId: `gen_01M95KNJHG64P9PWWV${String(index).padStart(6, '0')}`,
  teamId: 'team_36652dc6e2b24daab669',
  apiKeyId: 'key_310eaca3f91749e3b0ae',
  endUser: 'user-1234',
  tags: ['prod', 'chat'],
  requestedModel: 'openai/gpt-4o',
  servedModel: 'openai/gpt-4o',
  provider: 'openai',
  credentialType: 'system',
  protocol: 'openai-chat',
  streamed: false,
  status: 'success',
  httpStatus: 200,
  finishReason: 'stop',
  inputTokens: 12,
  outputTokens: 7,
  costMicros: 100,
  billedMicros: 100,
  latencyMs: 14,
  attempts: [{ model: 'openai/gpt-4o', provider: 'openai', credential: 'system', status: 'success', durationMs: 13 }],
  createdAt: new Date(),
});

function measure(label: string, work: (rows: UsageRow[]) => void) {
  const rows = Array.from({ length: ROWS }, (_, index) => row(index));
  work(rows.slice(0, 2_000)); // warm up
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  work(rows);
  const used = process.cpuUsage(cpu);
  const wall = Number(process.hrtime.bigint() - started) / 1_000 / ROWS;
  // CPU time is the figure to compare on a shared machine: wall time includes waiting for a core.
  console.log(`${label.padEnd(36)} ${((used.user + used.system) / ROWS).toFixed(2)} µs CPU/row  (${wall.toFixed(2)} µs wall)`);
}

const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-spool-bench-'));
const spool = new UsageSpool(dir, createLogger('silent'));
try {
  measure('storableUsageRow', (rows) => rows.forEach((each) => storableUsageRow(each)));
  measure('storableUsageRow + spool.append', (rows) => rows.forEach((each) => spool.append(storableUsageRow(each))));
  let offset = 0;
  measure('... + settle in batches of 200', (rows) => {
    for (const each of rows) spool.append(storableUsageRow({ ...each, generationId: `${each.generationId}_${offset}` }));
    for (let start = 0; start < rows.length; start += 200) spool.settle(rows.slice(start, start + 200).map((each) => ({ ...each, generationId: `${each.generationId}_${offset}` })));
    offset += 1;
  });
} finally {
  spool.close();
  rmSync(dir, { recursive: true, force: true });
}

import type { UsageRow } from '@/db/queries/usage-logs';

/** A successful usage row with only what the table requires, billed `billed` micro-dollars. */
export const usageRowFixture = (teamId: string, generationId: string, billed: number): UsageRow => ({
  generationId,
  teamId,
  requestedModel: 'openai/gpt-4o',
  protocol: 'openai-chat',
  status: 'success',
  httpStatus: 200,
  latencyMs: 5,
  costMicros: billed,
  billedMicros: billed,
});

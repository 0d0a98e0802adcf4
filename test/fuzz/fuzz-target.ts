import fc from 'fast-check';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startGatehouse, type Gatehouse } from '../harness';
import { expectWellFormedAnswer } from './envelopes';
import { sendRaw, type RawRequest, type RawResponse } from './raw-http';

/**
 * Test-only knobs, read here rather than through lib/env.ts because they steer the suite, not
 * Gatehouse: FUZZ_RUNS scales every property's run count (default 1 keeps the suite within
 * about a minute), FUZZ_SEED replays the seed a failure printed.
 */
const scale = Number(process.env.FUZZ_RUNS ?? 1) || 1;
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

type Team = Awaited<ReturnType<Gatehouse['team']>>;

export type FuzzTarget = {
  gatehouse: Gatehouse;
  /** The team whose key the hostile requests carry. */
  attacker: Team;
  /** Another team, whose ordinary requests must keep being served, logged and debited. */
  bystander: Team;
  /** Set once a request has left the meter unable to write: later runs (shrinking included) skip at once. */
  jammed?: string;
};

/**
 * One Gatehouse per test file, replaced after a failing test so that one property's damage
 * (a stuck meter, a wedged socket) is not blamed on the next.
 */
export function setUpFuzzTarget(): () => FuzzTarget {
  let target: FuzzTarget | undefined;
  const start = async () => {
    const gatehouse = await startGatehouse();
    target = { gatehouse, attacker: await gatehouse.team(1_000_000_000), bystander: await gatehouse.team(1_000_000_000) };
  };
  beforeAll(start, 60_000);
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    await target?.gatehouse.close().catch(() => {});
    await start();
  }, 60_000);
  afterAll(async () => target?.gatehouse.close());
  return () => target!;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);

/** Drizzle wraps the driver's error in "Failed query: <the whole statement>"; the cause says why. */
const describeError = (error: unknown, max = 600) => {
  const cause = (error as { cause?: { message?: string } })?.cause?.message;
  return clip(cause ?? String((error as Error)?.message ?? error), max);
};

/**
 * Runs a property with the suite's run count and seed. On failure the error names the seed and
 * path to replay it and the counterexample, clipped: a 400 kB string would bury the report.
 */
export async function fuzz<T>(runs: number, property: fc.IAsyncPropertyWithHooks<T>): Promise<void> {
  await fc.assert(property, {
    numRuns: Math.max(1, Math.round(runs * scale)),
    seed,
    asyncReporter: async (details) => {
      if (!details.failed) return;
      const counterexample = ((details.counterexample ?? []) as unknown[]).map((value) => clip(fc.stringify(value), 1_500)).join(', ');
      const cause = describeError(details.errorInstance, 1_500);
      throw new Error(
        `Property failed after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s).\n` +
          `Replay: FUZZ_SEED=${details.seed} (fast-check { seed: ${details.seed}, path: "${details.counterexamplePath}" })\n` +
          `Counterexample: [${counterexample}]\nProblem: ${cause}`,
      );
    },
  });
}

/** Sends a raw request to the target and checks the answer is one its door's clients can handle. */
export async function exchange(target: FuzzTarget, request: RawRequest): Promise<RawResponse> {
  const response = await sendRaw(target.gatehouse.url, { timeoutMs: 10_000, ...request });
  expectWellFormedAnswer(request.target, response);
  return response;
}

const flushDeadlineMs = 5_000;

/** Why buffered usage rows cannot be written right now, or undefined when they can. */
export async function meterProblem(target: FuzzTarget): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      target.gatehouse.flush(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`flush did not finish within ${flushDeadlineMs} ms`)), flushDeadlineMs);
      }),
    ]);
    return undefined;
  } catch (error) {
    return describeError(error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The check that ends each hostile exchange: whatever the request left in the meter can be
 * written. Skipped when the meter was already stuck before the request, so fast-check keeps the
 * input that jammed it as the counterexample instead of shrinking to an innocent one.
 */
export async function hostileExchange(target: FuzzTarget, request: RawRequest): Promise<RawResponse> {
  if (target.jammed || (target.jammed = await meterProblem(target))) return { status: 0, headers: {}, body: Buffer.alloc(0), text: '' };
  const response = await exchange(target, request);
  const problem = await meterProblem(target);
  if (problem) {
    target.jammed = problem;
    throw new Error(`after this request the usage meter cannot write any row (${problem})`);
  }
  return response;
}

/** Long enough for a failing property: its shrinking, then the usage check's own waits. */
export const PROPERTY_TIMEOUT_MS = 90_000;

/** Runs the property, then checks usage is still recorded even if the property failed; reports both. */
export async function fuzzThenCheckUsage(target: () => FuzzTarget, run: () => Promise<void>): Promise<void> {
  let propertyError: unknown;
  try {
    await run();
  } catch (error) {
    propertyError = error;
  }
  try {
    await expectUsageStillRecorded(target());
  } catch (error) {
    const message = `usage is no longer recorded after the property: ${describeError(error, 1_500)}`;
    throw propertyError ? new Error(`${(propertyError as Error).message}\n\nAnd: ${message}`) : new Error(message);
  }
  if (propertyError) throw propertyError;
}

/** Another team's ordinary request is served, its usage row written and its cost debited exactly once. */
export async function expectUsageStillRecorded(target: FuzzTarget): Promise<void> {
  const { gatehouse, bystander } = target;
  const before = await gatehouse.balance(bystander.id).catch(() => undefined);
  const response = await fetch(`${gatehouse.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bystander.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'still there?' }], max_tokens: 16 }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`a bystander's request got ${response.status}: ${text.slice(0, 300)}`);
  const generationId = response.headers.get('x-generation-id')!;
  const row = await gatehouse.waitForUsage(generationId, 5_000).catch(async (error: Error) => {
    throw new Error(`${error.message}; the meter says: ${(await meterProblem(target)) ?? 'nothing'}`);
  });
  if (!(row.billedMicros > 0)) throw new Error(`the bystander's row ${generationId} bills ${row.billedMicros}`);
  // Usage debits are one ledger row per team and day: together they equal what the team's rows bill.
  const { debited, billed } = await gatehouse.debitedAndBilled(bystander.id);
  if (debited !== billed) throw new Error(`the bystander's ledger debits ${debited} for ${billed} billed by its usage rows (after ${generationId})`);
  const after = await gatehouse.balance(bystander.id);
  if (before !== undefined && after !== before - row.billedMicros) throw new Error(`the bystander's balance went from ${before} to ${after} for ${row.billedMicros} billed`);
}

export const bearer = (key: string): [string, string] => ['authorization', `Bearer ${key}`];
export const json: [string, string] = ['content-type', 'application/json'];

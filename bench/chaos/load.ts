import type { Instance } from './instances';

export type ChaosTeam = { name: string; id: string; key: string; keyId: string; kind: 'rich' | 'modest' | 'poor' | 'limited'; /** On a plan with rate limits, so its requests ask Redis. */ rateLimited?: boolean };

/** What the clients saw. */
export type LoadTally = {
  sent: number;
  byOutcome: Map<string, number>;
  /** Every generation id a client received the response head of (`x-generation-id`). */
  generationIds: Map<string, { team: string; door: string; status: number; instance: string; at: number }>;
  /** Requests the client itself abandoned, by when. */
  aborted: { beforeHead: number; midStream: number };
  /** When each response head arrived (epoch ms), whatever its status, and for which team. */
  heads: Array<{ at: number; team: string }>;
};

type Call = { door: string; path: string; headers: Record<string, string>; body: unknown; stream: boolean };

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

/**
 * One request of the mix: every door, JSON and streams. The poor team asks for a cheap model
 * whose providers all fail, with an expensive fallback (issue 13, item 3); `stall` makes the
 * upstream wait before its head so a client can leave before the response starts (item 2).
 */
function nextCall(team: ChaosTeam, stall: boolean): Call {
  const stream = Math.random() < 0.5;
  const text = `${stall ? '[[stall:1500]] ' : ''}Tell me something.`;
  if (team.kind === 'poor') {
    const gateway = { models: ['openai/gpt-4'] };
    return pick<Call>([
      { door: 'chat', path: '/v1/chat/completions', headers: {}, stream, body: { model: 'moonshotai/kimi-k2', messages: [{ role: 'user', content: text }], max_tokens: 64, stream, providerOptions: { gateway } } },
      {
        door: 'ai-sdk',
        path: '/v4/ai/language-model',
        headers: { 'ai-language-model-id': 'moonshotai/kimi-k2', 'ai-language-model-streaming': String(stream), 'ai-language-model-specification-version': '4' },
        stream,
        body: { prompt: [{ role: 'user', content: [{ type: 'text', text }] }], maxOutputTokens: 64, providerOptions: { gateway } },
      },
    ]);
  }
  return pick<Call>([
    { door: 'chat', path: '/v1/chat/completions', headers: {}, stream, body: { model: 'openai/gpt-4o', messages: [{ role: 'user', content: text }], max_tokens: 64, stream } },
    { door: 'responses', path: '/v1/responses', headers: {}, stream, body: { model: 'openai/gpt-4o', input: text, max_output_tokens: 64, stream } },
    { door: 'messages', path: '/v1/messages', headers: { 'anthropic-version': '2023-06-01' }, stream, body: { model: 'anthropic/claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: text }], stream } },
    { door: 'embeddings', path: '/v1/embeddings', headers: {}, stream: false, body: { model: 'openai/text-embedding-3-small', input: [text] } },
    {
      door: 'ai-sdk',
      path: '/v4/ai/language-model',
      headers: { 'ai-language-model-id': 'openai/gpt-4o', 'ai-language-model-streaming': String(stream), 'ai-language-model-specification-version': '4' },
      stream,
      body: { prompt: [{ role: 'user', content: [{ type: 'text', text }] }], maxOutputTokens: 64 },
    },
  ]);
}

const count = (tally: LoadTally, outcome: string): void => {
  tally.byOutcome.set(outcome, (tally.byOutcome.get(outcome) ?? 0) + 1);
};

/** One request against one instance, recorded in the tally whatever happens to it. */
async function runOne(instance: Instance, team: ChaosTeam, tally: LoadTally): Promise<void> {
  const leaveBeforeHead = Math.random() < 0.05;
  const call = nextCall(team, leaveBeforeHead);
  const leaveMidStream = call.stream && Math.random() < 0.15;
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(new Error('client timeout')), 30_000);
  if (leaveBeforeHead) setTimeout(() => controller.abort(new Error('left before head')), 300);
  tally.sent++;
  let response: Response;
  try {
    response = await fetch(`${instance.url}${call.path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.key}`, 'content-type': 'application/json', ...call.headers },
      body: JSON.stringify(call.body),
      signal: controller.signal,
    });
  } catch (error) {
    clearTimeout(timeout);
    if (controller.signal.aborted && leaveBeforeHead) {
      tally.aborted.beforeHead++;
      return count(tally, 'client left before head');
    }
    count(tally, `network: ${(error as { cause?: { code?: string } })?.cause?.code ?? (error as Error).name}`);
    // A refused connection fails at once: without a pause the client would spin.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return;
  }
  tally.heads.push({ at: Date.now(), team: team.name });
  const generationId = response.headers.get('x-generation-id');
  if (generationId) tally.generationIds.set(generationId, { team: team.name, door: call.door, status: response.status, instance: instance.name, at: Date.now() });
  try {
    if (leaveMidStream && response.body) {
      const reader = response.body.getReader();
      await reader.read();
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 300));
      await reader.cancel();
      tally.aborted.midStream++;
      return count(tally, `${response.status} (client left mid-stream)`);
    }
    await response.arrayBuffer();
    count(tally, String(response.status));
  } catch (error) {
    count(tally, `${response.status} then body cut: ${(error as { cause?: { code?: string } })?.cause?.code ?? (error as Error).name}`);
  } finally {
    clearTimeout(timeout);
  }
}

/**
 * `clients` closed-loop workers until `until`, each request to a random instance that is up and
 * for a random team (weighted: rich teams most, the poor and limited ones steadily).
 */
export async function runLoad(options: { instances: Instance[]; teams: ChaosTeam[]; clients: number; until: number; tally: LoadTally }): Promise<void> {
  const weighted = options.teams.flatMap((team) => Array<ChaosTeam>(team.kind === 'rich' ? 4 : 2).fill(team));
  const worker = async () => {
    while (Date.now() < options.until) {
      const up = options.instances.filter((instance) => instance.up);
      if (up.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      await runOne(pick(up), pick(weighted), options.tally);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, worker));
}

export const emptyTally = (): LoadTally => ({ sent: 0, byOutcome: new Map(), generationIds: new Map(), aborted: { beforeHead: 0, midStream: 0 }, heads: [] });

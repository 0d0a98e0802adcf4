/**
 * Closed-loop load: `concurrency` workers, each sending one request after another over a
 * keep-alive undici pool, until the time or request budget runs out. Every response is
 * read in full and checked (status 200 and the expected reply text), so errors cannot pass
 * for throughput.
 */
import { performance } from 'node:perf_hooks';
import { request, type Agent } from 'undici';

export type LoadSpec = {
  url: string;
  headers: Record<string, string>;
  body: string;
  stream: boolean;
  concurrency: number;
  durationMs: number;
  maxRequests: number;
  agent: Agent;
  /** The reply text the upstream sends (the full content, or the streamed deltas joined). */
  expectedText: string;
};

export type LoadResult = {
  /** Responses received (any status). */
  completed: number;
  /** 200 with the expected body. */
  ok: number;
  /** Status code → count, for everything but 200. */
  non200: Record<string, number>;
  /** 200 but the body was not the expected reply (or the stream did not finish). */
  badBody: number;
  /** Connection failures, resets, timeouts. */
  networkErrors: number;
  /** A few examples of what went wrong, to report. */
  samples: string[];
  elapsedMs: number;
  /** Full latency of each ok request, ms (request sent → last body byte). */
  latencies: number[];
  /** Time to first body byte of each ok request, ms. */
  ttfb: number[];
};

/** The reply text of an OpenAI Chat Completions JSON body, or undefined if it is not one. */
function jsonText(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { choices?: Array<{ message?: { content?: unknown } }> };
    const content = body.choices?.[0]?.message?.content;
    return typeof content === 'string' ? content : undefined;
  } catch {
    return undefined;
  }
}

/** The joined deltas of an OpenAI Chat Completions SSE body, or undefined if it never sent [DONE]. */
function streamText(text: string): string | undefined {
  let joined = '';
  let done = false;
  for (const event of text.split('\n\n')) {
    for (const line of event.split('\n')) {
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '[DONE]') {
        done = true;
        continue;
      }
      try {
        const chunk = JSON.parse(data) as { choices?: Array<{ delta?: { content?: unknown } }>; error?: unknown };
        if (chunk.error) return undefined;
        const content = chunk.choices?.[0]?.delta?.content;
        if (typeof content === 'string') joined += content;
      } catch {
        return undefined;
      }
    }
  }
  return done ? joined : undefined;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const result: LoadResult = { completed: 0, ok: 0, non200: {}, badBody: 0, networkErrors: 0, samples: [], elapsedMs: 0, latencies: [], ttfb: [] };
  const note = (sample: string) => {
    if (result.samples.length < 5) result.samples.push(sample.slice(0, 500));
  };
  let issued = 0;
  const started = performance.now();
  const deadline = started + spec.durationMs;

  const worker = async () => {
    while (issued < spec.maxRequests && performance.now() < deadline) {
      issued++;
      const sentAt = performance.now();
      try {
        const response = await request(spec.url, { method: 'POST', headers: spec.headers, body: spec.body, dispatcher: spec.agent });
        let firstByteAt = 0;
        let text = '';
        response.body.setEncoding('utf8');
        for await (const chunk of response.body) {
          if (firstByteAt === 0) firstByteAt = performance.now();
          text += chunk as string;
        }
        const endAt = performance.now();
        result.completed++;
        if (response.statusCode !== 200) {
          result.non200[response.statusCode] = (result.non200[response.statusCode] ?? 0) + 1;
          note(`HTTP ${response.statusCode}: ${text}`);
          continue;
        }
        const reply = spec.stream ? streamText(text) : jsonText(text);
        if (reply !== spec.expectedText) {
          result.badBody++;
          note(`200 with unexpected body: ${text}`);
          continue;
        }
        result.ok++;
        result.latencies.push(endAt - sentAt);
        result.ttfb.push((firstByteAt || endAt) - sentAt);
      } catch (error) {
        result.networkErrors++;
        note(`network error: ${(error as Error)?.message ?? String(error)}`);
        // Do not spin on a dead server.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  result.elapsedMs = performance.now() - started;
  return result;
}

/** The p-th percentile (0-100) of `values`, nearest-rank; NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

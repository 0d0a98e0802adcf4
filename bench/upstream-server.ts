/**
 * Child process: the fake upstream (test/fake-upstream) on 127.0.0.1. Counts every call it
 * sees and empties the fake's call log at each stats request, so a long run does not grow
 * its memory (the fake keeps every request's headers and body for tests).
 *
 * BENCH_CHUNK_DELAY_MS paces streams as a real upstream does: the fake waits that long between
 * SSE events (its `chunkDelayMs`), so streams/s at high concurrency is set by the upstream.
 */
import { startFakeUpstream } from '../test/fake-upstream';
import { failChild, serveChild } from './child-ipc';

async function main() {
  // Idle connections outlive the bench's gaps: with Node's 5 s default, the bare pipe's http.Agent
  // reused a connection the fake was just closing after a target sat idle through the others'
  // rounds (a 502 'socket hang up' in one run), which says nothing about either proxy.
  const upstream = await startFakeUpstream({ name: 'fake', keepAliveTimeoutMs: 120_000 });
  const chunkDelayMs = Math.min(1_000, Math.max(0, Number(process.env.BENCH_CHUNK_DELAY_MS) || 0));
  const pace = () => upstream.setDefault({ kind: 'reply', chunkDelayMs });
  pace();
  let seen = 0;
  const byPath: Record<string, number> = {};
  serveChild({ url: upstream.url }, () => {
    // Stats are taken between measurements, when no request is in flight.
    const sinceLast = { calls: upstream.calls.length, streaming: 0, models: {} as Record<string, number> };
    for (const call of upstream.calls) {
      byPath[call.path] = (byPath[call.path] ?? 0) + 1;
      if (call.body?.stream === true) sinceLast.streaming++;
      const model = String(call.body?.model ?? '(none)');
      sinceLast.models[model] = (sinceLast.models[model] ?? 0) + 1;
    }
    seen += upstream.calls.length;
    upstream.reset();
    pace(); // reset() also forgets the default behaviour
    return { calls: seen, byPath: { ...byPath }, sinceLast };
  });
}

main().catch(failChild);

import type { Server } from 'node:http';

type DrainOptions = {
  server: Server;
  /** Longest wait for in-flight calls and streams; what is still open then is cut. */
  timeoutMs: number;
  /** Takes the instance out of rotation (`/readyz` answers 503) and marks replies `connection: close`. */
  startDraining(): void;
  /** Flushes the usage log and closes the database; runs once, after the last connection. */
  close(): Promise<void>;
  log(message: string, fields?: Record<string, unknown>): void;
  exit(code: number): void;
};

/** How often connections that finished their last reply (kept alive from before the signal) are closed. */
const IDLE_SWEEP_MS = 250;

/**
 * Graceful stop on SIGTERM or SIGINT: out of rotation at once, no new connections, in-flight
 * calls and streams run to their end (billed as usual) for up to `timeoutMs`, then the usage log
 * is flushed and the process exits 0. A second signal exits at once with 1: whatever was
 * cut is then in the crash spool, billed at the next start.
 */
export function drainOnSignals(options: DrainOptions): (signal: string) => void {
  let draining = false;
  let finished = false;
  const finish = async (reason: string, timers: NodeJS.Timeout[]) => {
    if (finished) return;
    finished = true;
    for (const timer of timers) clearTimeout(timer);
    options.log('connections drained; flushing the usage log', { reason });
    try {
      await options.close();
    } catch (error) {
      options.log('closing failed', { error: String(error) });
      return options.exit(1);
    }
    options.exit(0);
  };

  return (signal: string) => {
    if (draining) {
      options.log('second signal: exiting without waiting', { signal });
      return options.exit(1);
    }
    draining = true;
    options.startDraining();
    options.log('draining', { signal, timeoutMs: options.timeoutMs });
    const { server } = options;
    const timers: NodeJS.Timeout[] = [];
    // Stops listening: a new connection is refused from here on. The callback runs after the last one ends.
    server.close(() => void finish('drained', timers));
    server.closeIdleConnections();
    // Replies started before the signal went out without `connection: close`; their connections idle once done.
    timers.push(setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS));
    timers.push(
      setTimeout(() => {
        options.log('drain timeout: cutting the connections still open', { timeoutMs: options.timeoutMs });
        server.closeAllConnections();
        void finish('timeout', timers);
      }, options.timeoutMs),
    );
  };
}

/**
 * Whether a failed usage write is the rows' fault or the database's. A row the database refuses
 * (PostgreSQL error classes 22 data exception, 23 integrity constraint, 54 program limit, XX
 * internal error on a value) fails on every retry, so its batch is split until it is alone; an
 * outage (connection refused or lost, class 08, 53 out of resources, 57 shutting down, 40
 * serialisation and deadlock, ...) passes, so the batch is retried whole with backoff.
 *
 * An error with no code at all is thrown by our own checks on a row's data (say, a team with
 * no balance row): it is treated as the row's fault too, since retrying it would block every
 * other row for ever. Every other coded error (driver and socket errors such as ECONNREFUSED or
 * CONNECTION_CLOSED, and SQLSTATEs of other classes) counts as an outage.
 */
const rowClasses = new Set(['22', '23', '54', 'XX']);
const sqlState = /^[0-9A-Z]{5}$/;

export function isRowError(error: unknown): boolean {
  const root = rootCause(error);
  const code = (root as { code?: unknown } | null)?.code;
  if (code === undefined || code === null) return root instanceof Error && !('errno' in root);
  return typeof code === 'string' && sqlState.test(code) && rowClasses.has(code.slice(0, 2));
}

/**
 * The driver's error under drizzle's wrapper. The wrapper's own message carries the statement's
 * parameters, that is every row of the batch: log `describeWriteError`, never the wrapper.
 */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const next = (current as { code?: unknown; cause?: unknown } | null)?.cause;
    if ((current as { code?: unknown } | null)?.code !== undefined || next === undefined) break;
    current = next;
  }
  return current;
}

/** The SQLSTATE (or driver code) and message of a failed write, without the rows it carried. */
export function describeWriteError(error: unknown): { code: string | null; message: string } {
  const root = rootCause(error);
  const code = (root as { code?: unknown } | null)?.code;
  return { code: typeof code === 'string' ? code : null, message: root instanceof Error ? root.message : String(root) };
}

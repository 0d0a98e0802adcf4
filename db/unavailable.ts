/**
 * The database could not be reached, or did not answer in time. Raised by the client in
 * `db/client.ts` in place of the driver's connection errors and deadlines, so callers can tell
 * "the database is down" (a 503 the client may retry) from a bug (a 500).
 */
export class DatabaseUnavailableError extends Error {
  /**
   * For a deadline: the statement itself, still running. It may yet complete (a blackholed
   * connection that comes back), so a caller whose statement holds something can undo it then.
   */
  readonly late: Promise<unknown> | undefined;

  constructor(message: string, options: { cause?: unknown; late?: Promise<unknown> } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DatabaseUnavailableError';
    this.late = options.late;
  }
}

/** Errors of the socket or of postgres' connection handling: the statement never ran, or its fate is unknown. */
const connectionCodes = new Set([
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that mean the server cannot serve now rather than that the statement is wrong:
 * class 08 (connection exception), 57P01–57P03 (shutting down, cannot connect now) and
 * 53300 (too many connections).
 */
const unavailableState = (state: string) => state.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03' || state === '53300';

/** Whether `error`, or any error in its `cause` chain, says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 8; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof DatabaseUnavailableError) return true;
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (typeof code !== 'string') continue;
    if (connectionCodes.has(code)) return true;
    if (name === 'PostgresError' && unavailableState(code)) return true;
  }
  return false;
}

/**
 * What this process's statements and transactions are doing, for `/metrics`: in flight now
 * (queued for a connection included), started, and given up on at their deadline.
 */
export const databaseStats = { inFlight: 0, started: 0, deadlinesMissed: 0 };

/**
 * `work`, or a DatabaseUnavailableError once `ms` have passed without an answer. The wait
 * covers everything the driver does first: queueing for a pooled connection, connecting,
 * authenticating. A connection error becomes a DatabaseUnavailableError too.
 */
export function withDeadline<T>(work: PromiseLike<T>, ms: number, what = 'statement'): Promise<T> {
  const running = Promise.resolve(work);
  databaseStats.inFlight += 1;
  databaseStats.started += 1;
  const settled = () => void (databaseStats.inFlight -= 1);
  running.then(settled, settled);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      databaseStats.deadlinesMissed += 1;
      reject(new DatabaseUnavailableError(`The database did not answer a ${what} within ${ms} ms.`, { late: running }));
    }, ms);
  });
  // The statement goes on after the deadline; its outcome then belongs to whoever reads `late`.
  running.catch(() => {});
  return Promise.race([running, expired]).then(
    (value) => {
      clearTimeout(timer);
      return value;
    },
    (error: unknown) => {
      clearTimeout(timer);
      if (error instanceof DatabaseUnavailableError || !isDatabaseUnavailable(error)) throw error;
      throw new DatabaseUnavailableError('The database is unreachable.', { cause: error });
    },
  );
}

/** The still-running statement behind a deadline that `error` (or its cause) reports, if any. */
export function lateStatement(error: unknown): Promise<unknown> | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 8; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof DatabaseUnavailableError && current.late) return current.late;
  }
  return undefined;
}

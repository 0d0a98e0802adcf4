export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type Logger = Record<Exclude<LogLevel, 'silent'>, (message: string, fields?: Record<string, unknown>) => void>;

const order: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** One JSON line per event on stderr. Callers never pass secrets; keys appear only as ids or prefixes. */
export function createLogger(level: LogLevel): Logger {
  const threshold = order.indexOf(level);
  const write = (at: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>) => {
    if (order.indexOf(at) < threshold) return;
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: at, message, ...fields })}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@/lib/logger';
import type { NextHandler } from './create-server';

/**
 * The console's Next.js app, loaded on its first request rather than at start: an instance
 * that only serves the gateway never pays Next's start time or memory. Concurrent first
 * requests wait on the same load; a failed load is answered 503 and tried again by the next one.
 */
export function lazyConsole(load: () => Promise<NextHandler>, logger: Logger): NextHandler {
  let loading: Promise<NextHandler> | undefined;
  return async (req: IncomingMessage, res: ServerResponse) => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    let handler: NextHandler;
    try {
      handler = await loading;
    } catch (error) {
      logger.error('the console failed to load', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' });
      return void res.end('The console failed to load; see the server log.');
    }
    return handler(req, res);
  };
}

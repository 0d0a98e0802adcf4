import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NextHandler } from './create-server';

/**
 * The console's config as `next build` serialised it (.next/required-server-files.json), or
 * undefined without a build. Handed to Next as its own standalone server.js does
 * (`__NEXT_PRIVATE_STANDALONE_CONFIG`), the production server never reads next.config.ts:
 * reading it compiles TypeScript with SWC, which maps Next's 100 MB native binary into the
 * process for the rest of its life (most of the console's memory).
 */
export function builtNextConfig(dir: string): Record<string, unknown> | undefined {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, '.next', 'required-server-files.json'), 'utf8')) as { config?: Record<string, unknown> };
    return manifest.config && typeof manifest.config === 'object' ? manifest.config : undefined;
  } catch {
    return undefined;
  }
}

/** Next's production server for the console (needs `npm run build`), on the gateway's port. */
export async function loadNext(port: number, hostname: string): Promise<NextHandler> {
  const { default: next } = await import('next');
  const dir = process.cwd();
  const config = builtNextConfig(dir);
  // Both of Next's config loads (NextServer's and the router's) return this as is.
  if (config && !process.env.__NEXT_PRIVATE_STANDALONE_CONFIG) process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
  const app = next({
    dev: false,
    dir,
    port,
    // Next needs to know where it is served, e.g. to render a server action's redirect target in the same response.
    hostname: hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname,
  });
  await app.prepare();
  return app.getRequestHandler() as NextHandler;
}

// SSE framing and an abort/cut/delay-aware frame writer.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { sleep } from './http-io';

/** `data: <json>\n\n` (OpenAI Chat). */
export const dataFrame = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`;

/** `event: <type>\ndata: <json>\n\n` (Responses, Anthropic). */
export const eventFrame = (event: string, payload: unknown): string =>
  `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;

/** `data: <json>\r\n\r\n` (Gemini `alt=sse` uses CRLF line endings). */
export const crlfDataFrame = (payload: unknown): string => `data: ${JSON.stringify(payload)}\r\n\r\n`;

export const SSE_HEADERS: OutgoingHttpHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

function write(res: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(chunk, () => resolve());
  });
}

export type WriteFramesOptions = {
  headers: OutgoingHttpHeaders;
  delayMs: number;
  /** Send this many frames then destroy the socket; capped so the final frame is never sent. */
  cutAfter: number | null;
  signal: AbortSignal;
};

/** Stream `frames` with status 200. Stops writing as soon as the client disconnects. */
export async function writeFrames(res: ServerResponse, frames: string[], o: WriteFramesOptions): Promise<void> {
  if (o.signal.aborted || res.destroyed) return;
  res.writeHead(200, { ...SSE_HEADERS, ...o.headers });
  res.flushHeaders();
  const cut = o.cutAfter === null ? null : Math.min(o.cutAfter, Math.max(0, frames.length - 1));
  for (let i = 0; i < frames.length; i++) {
    if (o.signal.aborted || res.destroyed) return;
    if (cut !== null && i >= cut) break;
    if (i > 0 && o.delayMs > 0 && !(await sleep(o.delayMs, o.signal))) return;
    await write(res, frames[i]);
  }
  if (cut !== null) {
    // Make sure the headers and the N frames reached the kernel before killing the connection.
    await new Promise<void>((resolve) => (res.socket && !res.socket.destroyed ? res.socket.write('', () => resolve()) : resolve()));
    res.destroy();
    return;
  }
  if (!o.signal.aborted && !res.destroyed) res.end();
}

import type { SharedV4FileData } from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';

/** An image/file reference from a client (`data:` URL or http URL) as AI SDK file data. */
export function fileDataFromUrl(url: string, fallbackMediaType: string): { data: SharedV4FileData; mediaType: string } {
  const match = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(url);
  try {
    if (match) {
      const mediaType = match[1] ?? fallbackMediaType;
      const payload = match[2] ? match[3] : Buffer.from(decodeURIComponent(match[3])).toString('base64');
      return { data: { type: 'data', data: payload }, mediaType };
    }
    return { data: { type: 'url', url: new URL(url) }, mediaType: fallbackMediaType };
  } catch {
    // Client input: malformed percent-encoding or no URL at all is a 400, not an internal error.
    throw new GatewayError('invalid_request', `Invalid request: '${url.slice(0, 64)}' is not a valid URL.`);
  }
}

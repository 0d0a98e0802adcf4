import type { SharedV4FileData } from '@ai-sdk/provider';

/** An image/file reference from a client (`data:` URL or http URL) as AI SDK file data. */
export function fileDataFromUrl(url: string, fallbackMediaType: string): { data: SharedV4FileData; mediaType: string } {
  const match = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(url);
  if (match) {
    const mediaType = match[1] ?? fallbackMediaType;
    const payload = match[2] ? match[3] : Buffer.from(decodeURIComponent(match[3])).toString('base64');
    return { data: { type: 'data', data: payload }, mediaType };
  }
  return { data: { type: 'url', url: new URL(url) }, mediaType: fallbackMediaType };
}

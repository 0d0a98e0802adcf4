import type { SharedV4FileData } from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import type { WireFileData } from './schema';

const signatures: Array<{ mediaType: string; bytes: number[]; offset?: number; also?: { bytes: number[]; offset: number } }> = [
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { mediaType: 'image/webp', bytes: [0x52, 0x49, 0x46, 0x46], also: { bytes: [0x57, 0x45, 0x42, 0x50], offset: 8 } },
  { mediaType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46] },
];

/** A concrete media type for base64 data sent as `image/*` and the like, from its first bytes. */
export function sniffMediaType(base64: string, declared: string): string {
  if (!declared.endsWith('/*')) return declared;
  const head = Buffer.from(base64.slice(0, 24), 'base64');
  const matches = (bytes: number[], offset = 0) => bytes.every((byte, index) => head[offset + index] === byte);
  const found = signatures.find((signature) => matches(signature.bytes) && (!signature.also || matches(signature.also.bytes, signature.also.offset)));
  return found && (declared === '*/*' || found.mediaType.startsWith(declared.slice(0, -1))) ? found.mediaType : declared;
}

function decodeDataUrlText(text: string, param: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new GatewayError('invalid_request', `Invalid request: '${param}' is not valid percent-encoding`, { param });
  }
}

function fromUrlString(url: string, mediaType: string, param: string): { data: SharedV4FileData; mediaType: string } {
  const dataUrl = /^data:([^;,]+)?((?:;[^;,]*)*?)(;base64)?,(.*)$/s.exec(url);
  if (dataUrl) {
    const payload = dataUrl[3] ? dataUrl[4] : Buffer.from(decodeDataUrlText(dataUrl[4], param)).toString('base64');
    const declared = mediaType.endsWith('/*') && dataUrl[1] ? dataUrl[1] : mediaType;
    return { data: { type: 'data', data: payload }, mediaType: sniffMediaType(payload, declared) };
  }
  try {
    return { data: { type: 'url', url: new URL(url) }, mediaType };
  } catch {
    throw new GatewayError('invalid_request', `Invalid request: '${param}' is not a valid URL`, { param });
  }
}

/**
 * File data as the wire carries it → V4 file data the provider packages accept. V2/V3 send a
 * string: a URL (any scheme; base64 never contains ':'), a data URL, or bare base64. V4 sends
 * `{type:'data'|'url'|'reference'|'text'}`. Data URLs become inline data, since several
 * providers (Anthropic) accept only http(s) URLs.
 */
export function reviveFileData(data: WireFileData, mediaType: string, param: string): { data: SharedV4FileData; mediaType: string } {
  if (typeof data === 'string') {
    if (/^[a-z][a-z0-9+.-]*:/i.test(data)) return fromUrlString(data, mediaType, param);
    return { data: { type: 'data', data }, mediaType: sniffMediaType(data, mediaType) };
  }
  switch (data.type) {
    case 'data':
      return { data: { type: 'data', data: data.data }, mediaType: sniffMediaType(data.data, mediaType) };
    case 'url': {
      const revived = fromUrlString(data.url, mediaType, param);
      return revived.data.type === 'url' && data.originalUrl ? { ...revived, data: { ...revived.data, originalUrl: data.originalUrl } } : revived;
    }
    case 'reference':
      return { data: { type: 'reference', reference: data.reference }, mediaType };
    case 'text':
      return { data: { type: 'text', text: data.text }, mediaType };
  }
}

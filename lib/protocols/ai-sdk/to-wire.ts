import type {
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
  SharedV4FileDataData,
  SharedV4FileDataUrl,
  SharedV4Warning,
} from '@ai-sdk/provider';
import type { SpecVersion } from './spec-version';

/**
 * Canonical V4 output → what each generation's client parses. V4 goes out as is (binary
 * data as base64, URLs as strings). V3 has no `custom`/`reasoning-file`/`ping`/citations,
 * no `interrupted` finish reason and no `deprecated` warning; file data is a base64 string.
 * V2 also has no tool approvals, a string finish reason, flat usage, and its own warnings.
 * What a generation cannot express is left out: its client would reject the whole stream.
 */

type Wire = object;

export function toWireWarnings(warnings: SharedV4Warning[], version: SpecVersion): Wire[] {
  return warnings.map((warning): Wire => {
    if (version === 4) return warning;
    if (warning.type === 'deprecated') return { type: 'other', message: warning.message };
    if (version === 3) return warning;
    if (warning.type === 'unsupported') return { type: 'unsupported-setting', setting: warning.feature, ...(warning.details ? { details: warning.details } : {}) };
    if (warning.type === 'compatibility') return { type: 'other', message: `${warning.feature}${warning.details ? `: ${warning.details}` : ''}` };
    return warning;
  });
}

export function toWireFinishReason(reason: LanguageModelV4FinishReason, version: SpecVersion): unknown {
  const unified = version < 4 && reason.unified === 'interrupted' ? 'other' : reason.unified;
  return version === 2 ? unified : { unified, raw: reason.raw };
}

export function toWireUsage(usage: LanguageModelV4Usage, version: SpecVersion): unknown {
  if (version > 2) return usage;
  const input = usage.inputTokens.total;
  const output = usage.outputTokens.total;
  return {
    inputTokens: input,
    outputTokens: output,
    totalTokens: input === undefined && output === undefined ? undefined : (input ?? 0) + (output ?? 0),
    reasoningTokens: usage.outputTokens.reasoning,
    cachedInputTokens: usage.inputTokens.cacheRead,
  };
}

const base64 = (data: Uint8Array | string) => (typeof data === 'string' ? data : Buffer.from(data).toString('base64'));

/** V4 `{type:'data'|'url'}`; V2/V3 only a base64 string, so URLs cannot go out there. */
function toWireFileData(data: SharedV4FileDataData | SharedV4FileDataUrl, version: SpecVersion): unknown {
  if (data.type === 'data') return version === 4 ? { type: 'data', data: base64(data.data) } : base64(data.data);
  return version === 4 ? { type: 'url', url: data.url.toString(), ...(data.originalUrl ? { originalUrl: data.originalUrl } : {}) } : undefined;
}

/** A content item or stream part that both shapes share; `undefined` when the generation has no such thing. */
function toWireShared(part: LanguageModelV4Content | LanguageModelV4StreamPart, version: SpecVersion): Wire | undefined {
  switch (part.type) {
    case 'file': {
      const data = toWireFileData(part.data, version);
      return data === undefined ? undefined : { ...part, data };
    }
    case 'reasoning-file': {
      if (version < 4) return undefined;
      return { ...part, data: toWireFileData(part.data, version) };
    }
    case 'custom':
      return version < 4 ? undefined : part;
    case 'tool-approval-request':
      return version < 3 ? undefined : part;
    case 'tool-result':
      // V2 marked provider-executed results explicitly; V3 made it implicit.
      return version === 2 ? { ...part, providerExecuted: true } : part;
    case 'text': {
      if (version === 4 || !('citations' in part)) return part;
      const { citations: _citations, ...rest } = part;
      return rest;
    }
    default:
      return part;
  }
}

export function toWireContent(content: LanguageModelV4Content, version: SpecVersion): Wire | undefined {
  return toWireShared(content, version);
}

/** Stream parts other than `error`, which the serializer renders itself. */
export function toWireStreamPart(part: LanguageModelV4StreamPart, version: SpecVersion): Wire | undefined {
  switch (part.type) {
    case 'stream-start':
      return { type: 'stream-start', warnings: toWireWarnings(part.warnings, version) };
    case 'finish':
      return { ...part, usage: toWireUsage(part.usage, version), finishReason: toWireFinishReason(part.finishReason, version) };
    case 'ping':
      return version < 4 ? undefined : part;
    case 'text-end': {
      if (version === 4 || !part.citations) return part;
      const { citations: _citations, ...rest } = part;
      return rest;
    }
    default:
      return toWireShared(part, version);
  }
}

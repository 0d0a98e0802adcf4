// Gemini: POST /v1beta/models/{model}:generateContent and :streamGenerateContent[?alt=sse].
import { ids } from './ids';
import { geminiLastUserText } from './last-user-text';
import { firstLimit } from './reply';
import { crlfDataFrame } from './sse';
import type { FinalReply, FullUsage, Generation, Invalid, RenderContext } from './types';

const FINISH = { stop: 'STOP', tool: 'STOP', length: 'MAX_TOKENS' } as const;

/**
 * promptTokenCount = input (includes cached), candidatesTokenCount = output - reasoning
 * (Gemini excludes thoughts), thoughtsTokenCount = reasoning, totalTokenCount = input + output.
 * Like the real API, cachedContentTokenCount / thoughtsTokenCount are omitted when zero.
 */
export function geminiUsage(u: FullUsage) {
  return {
    promptTokenCount: u.input,
    candidatesTokenCount: u.output - u.reasoning,
    totalTokenCount: u.input + u.output,
    ...(u.cached > 0 ? { cachedContentTokenCount: u.cached } : {}),
    ...(u.reasoning > 0 ? { thoughtsTokenCount: u.reasoning } : {}),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: u.input }],
  };
}

type Part = Record<string, unknown>;

function chunk(ctx: RenderContext, parts: Part[], final: FinalReply | null) {
  return {
    candidates: [
      {
        content: { parts, role: 'model' },
        ...(final ? { finishReason: FINISH[final.finish] } : {}),
        index: 0,
      },
    ],
    ...(final ? { usageMetadata: geminiUsage(final.usage) } : {}),
    modelVersion: ctx.model,
    responseId: ids.geminiResponse(ctx.seq),
  };
}

const callPart = (r: FinalReply): Part[] => (r.toolCall ? [{ functionCall: { name: r.toolCall.name, args: r.toolCall.arguments } }] : []);

function json(r: FinalReply, ctx: RenderContext) {
  const parts: Part[] = [...(r.text !== null ? [{ text: r.text }] : []), ...callPart(r)];
  return chunk(ctx, parts.length ? parts : [{ text: '' }], r);
}

/** One chunk per word piece; the function call arrives whole; the last chunk carries finishReason + usage. */
function chunks(r: FinalReply, ctx: RenderContext): unknown[] {
  const partsPerChunk: Part[][] = r.pieces.map((p) => [{ text: p }]);
  if (r.toolCall) partsPerChunk.push(callPart(r));
  if (partsPerChunk.length === 0) partsPerChunk.push([{ text: '' }]);
  return partsPerChunk.map((parts, i) => chunk(ctx, parts, i === partsPerChunk.length - 1 ? r : null));
}

export function parseGemini(body: any, model: string, action: 'generateContent' | 'streamGenerateContent', alt: string | null): Generation | Invalid {
  if (!Array.isArray(body?.contents)) return { invalid: "Invalid JSON payload received. Missing required field 'contents'." };
  const sse = action === 'streamGenerateContent' && alt === 'sse';
  return {
    provider: 'gemini',
    model,
    stream: sse,
    limit: firstLimit(body.generationConfig?.maxOutputTokens),
    userText: geminiLastUserText(body),
    // streamGenerateContent without alt=sse answers with a JSON array of the chunks.
    json: (r, ctx) => (action === 'streamGenerateContent' ? chunks(r, ctx) : json(r, ctx)),
    frames: (r, ctx) => chunks(r, ctx).map(crlfDataFrame),
  };
}

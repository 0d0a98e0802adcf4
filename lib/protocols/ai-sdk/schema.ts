import { z } from 'zod';
import { embeddingDimensionsSchema } from '../embeddings/schema';

/**
 * The AI SDK gateway client POSTs its model call options verbatim as JSON, so these schemas
 * are the V2/V3/V4 call-option types in one lenient union: every generation's shapes parse,
 * unknown fields survive, and the differences are resolved in to-call-options.ts.
 */

const providerOptions = z.record(z.string(), z.record(z.string(), z.unknown())).optional();

/** V2/V3: a string (URL, data URL or base64). V4: a tagged object. */
export const wireFileData = z.union([
  z.string(),
  z.looseObject({ type: z.literal('data'), data: z.string() }),
  z.looseObject({ type: z.literal('url'), url: z.string().min(1), originalUrl: z.string().optional() }),
  z.looseObject({ type: z.literal('reference'), reference: z.record(z.string(), z.string()) }),
  z.looseObject({ type: z.literal('text'), text: z.string() }),
]);
export type WireFileData = z.infer<typeof wireFileData>;

const textPart = z.looseObject({ type: z.literal('text'), text: z.string(), providerOptions });
const reasoningPart = z.looseObject({ type: z.literal('reasoning'), text: z.string(), providerOptions });
const filePart = z.looseObject({
  type: z.literal('file'),
  data: wireFileData,
  mediaType: z.string().min(1),
  filename: z.string().optional(),
  providerOptions,
});
const reasoningFilePart = z.looseObject({ type: z.literal('reasoning-file'), data: wireFileData, mediaType: z.string().min(1), providerOptions });
const customPart = z.looseObject({ type: z.literal('custom'), kind: z.string().regex(/^[^.]+\..+$/, 'must look like "provider.kind"'), providerOptions });
const toolCallPart = z.looseObject({
  type: z.literal('tool-call'),
  toolCallId: z.string(),
  toolName: z.string(),
  input: z.unknown(),
  providerExecuted: z.boolean().optional(),
  providerOptions,
});

const outputItem = z.looseObject({ type: z.string() });
export type WireToolOutputItem = z.infer<typeof outputItem>;

export const toolResultOutput = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text'), value: z.string(), providerOptions }),
  z.looseObject({ type: z.literal('json'), value: z.unknown(), providerOptions }),
  z.looseObject({ type: z.literal('error-text'), value: z.string(), providerOptions }),
  z.looseObject({ type: z.literal('error-json'), value: z.unknown(), providerOptions }),
  z.looseObject({ type: z.literal('execution-denied'), reason: z.string().optional(), providerOptions }),
  z.looseObject({ type: z.literal('content'), value: z.array(outputItem), providerOptions }),
]);
export type WireToolResultOutput = z.infer<typeof toolResultOutput>;

const toolResultPart = z.looseObject({
  type: z.literal('tool-result'),
  toolCallId: z.string(),
  toolName: z.string(),
  output: toolResultOutput,
  providerOptions,
});
const toolApprovalResponsePart = z.looseObject({
  type: z.literal('tool-approval-response'),
  approvalId: z.string(),
  approved: z.boolean(),
  reason: z.string().optional(),
  providerOptions,
});

export const wireMessage = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: z.string(), providerOptions }),
  z.looseObject({ role: z.literal('user'), content: z.array(z.discriminatedUnion('type', [textPart, filePart])), providerOptions }),
  z.looseObject({
    role: z.literal('assistant'),
    content: z.array(z.discriminatedUnion('type', [textPart, filePart, reasoningPart, reasoningFilePart, customPart, toolCallPart, toolResultPart])),
    providerOptions,
  }),
  z.looseObject({ role: z.literal('tool'), content: z.array(z.discriminatedUnion('type', [toolResultPart, toolApprovalResponsePart])), providerOptions }),
]);
export type WireMessage = z.infer<typeof wireMessage>;

const jsonSchema = z.record(z.string(), z.unknown());
const providerToolFields = { id: z.string().regex(/^[^.]+\..+$/, 'must look like "provider.tool"'), name: z.string().min(1), args: z.record(z.string(), z.unknown()).default({}) };

export const wireTool = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('function'),
    name: z.string().min(1),
    description: z.string().optional(),
    inputSchema: jsonSchema,
    inputExamples: z.array(z.looseObject({ input: z.record(z.string(), z.unknown()) })).optional(),
    strict: z.boolean().optional(),
    providerOptions,
  }),
  /** V3/V4 */
  z.looseObject({ type: z.literal('provider'), ...providerToolFields }),
  /** V2 */
  z.looseObject({ type: z.literal('provider-defined'), ...providerToolFields }),
]);
export type WireTool = z.infer<typeof wireTool>;

export const callOptionsSchema = z.looseObject({
  prompt: z.array(wireMessage).min(1, 'the prompt must contain at least one message'),
  maxOutputTokens: z.number().int().positive().optional(),
  temperature: z.number().optional(),
  stopSequences: z.array(z.string()).optional(),
  topP: z.number().optional(),
  topK: z.number().optional(),
  presencePenalty: z.number().optional(),
  frequencyPenalty: z.number().optional(),
  responseFormat: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('text') }),
      z.looseObject({ type: z.literal('json'), schema: jsonSchema.optional(), name: z.string().optional(), description: z.string().optional() }),
    ])
    .optional(),
  seed: z.number().int().optional(),
  tools: z.array(wireTool).optional(),
  toolChoice: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('auto') }),
      z.looseObject({ type: z.literal('none') }),
      z.looseObject({ type: z.literal('required') }),
      z.looseObject({ type: z.literal('tool'), toolName: z.string().min(1) }),
    ])
    .optional(),
  includeRawChunks: z.boolean().optional(),
  /** Per-call headers the client also sent as HTTP headers; never forwarded upstream. */
  headers: z.record(z.string(), z.unknown()).optional(),
  /** V4 only. */
  reasoning: z.enum(['provider-default', 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).optional(),
  providerOptions,
});
export type WireCallOptions = z.infer<typeof callOptionsSchema>;

/** V2 sends `input` (a string for one value); V3/V4 send `values`; V4 adds `dimensions`. */
export const embeddingBodySchema = z
  .looseObject({
    values: z.array(z.string()).min(1).max(2048).optional(),
    input: z.union([z.string(), z.array(z.string()).min(1).max(2048)]).optional(),
    dimensions: embeddingDimensionsSchema.optional(),
    providerOptions,
  })
  .refine((body) => body.values !== undefined || body.input !== undefined, { message: 'values is required', path: ['values'] });
export type WireEmbeddingBody = z.infer<typeof embeddingBodySchema>;

import { z } from 'zod';
import { gatewayOptionsSchema } from '../shared/gateway-options';

/** A block whose `type` this gateway does not translate (server-tool plumbing, newer additions). */
export type OtherBlock = { type: 'other'; blockType: string };

/** Parses `value` with `schema` inside a transform, reporting its issues at their own paths. */
function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown, context: z.core.$RefinementCtx): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
}

/** A string, or else `schema` with its own issue paths (a plain union reports only "Invalid input"). */
function stringOr<Schema extends z.ZodType>(schema: Schema) {
  return z.unknown().transform((value, context): string | z.output<Schema> => {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return parseWith(schema, value, context);
    context.addIssue({ code: 'custom', message: value === undefined ? 'Field required' : `expected a string or an array, received ${value === null ? 'null' : typeof value}` });
    return z.NEVER;
  });
}

/**
 * Validates the block types we read and accepts any other type, so the pass-through path (which
 * forwards the raw body) keeps working when Anthropic adds block types. Translation rejects those.
 */
function byType<const Schemas extends Record<string, z.ZodType>>(schemas: Schemas) {
  return z.looseObject({ type: z.string() }).transform((value, context): z.output<Schemas[keyof Schemas]> | OtherBlock => {
    if (!Object.hasOwn(schemas, value.type)) return { type: 'other', blockType: value.type };
    return parseWith(schemas[value.type], value, context) as z.output<Schemas[keyof Schemas]>;
  });
}

const textBlock = z.looseObject({ type: z.literal('text'), text: z.string() });

const imageSource = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string() }),
  z.looseObject({ type: z.literal('url'), url: z.string().min(1) }),
  z.looseObject({ type: z.literal('file'), file_id: z.string().min(1) }),
]);
const imageBlock = z.looseObject({ type: z.literal('image'), source: imageSource });

const documentSource = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string() }),
  z.looseObject({ type: z.literal('text'), media_type: z.string().optional(), data: z.string() }),
  z.looseObject({ type: z.literal('content'), content: stringOr(z.array(byType({ text: textBlock, image: imageBlock }))) }),
  z.looseObject({ type: z.literal('url'), url: z.string().min(1) }),
  z.looseObject({ type: z.literal('file'), file_id: z.string().min(1) }),
]);
const documentBlock = z.looseObject({
  type: z.literal('document'),
  source: documentSource,
  title: z.string().nullish(),
  context: z.string().nullish(),
});

const toolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
});

const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: stringOr(z.array(byType({ text: textBlock, image: imageBlock, document: documentBlock }))).optional(),
  is_error: z.boolean().optional(),
});

const thinkingBlock = z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() });
const redactedThinkingBlock = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

const contentBlock = byType({
  text: textBlock,
  image: imageBlock,
  document: documentBlock,
  tool_use: toolUseBlock,
  tool_result: toolResultBlock,
  thinking: thinkingBlock,
  redacted_thinking: redactedThinkingBlock,
});

// Role alternation and block placement rules are the upstream's to enforce; shapes are ours.
const messageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('user'), content: stringOr(z.array(contentBlock)) }),
  z.looseObject({ role: z.literal('assistant'), content: stringOr(z.array(contentBlock)) }),
  z.looseObject({ role: z.literal('system'), content: stringOr(z.array(textBlock)) }),
]);

const customTool = z.looseObject({
  type: z.literal('custom').optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()),
  strict: z.boolean().optional(),
});
/** A server tool (`web_search_*`, `bash_*`, ...): typed and named by Anthropic, run by Anthropic. */
const serverTool = z.looseObject({ type: z.string().min(1), name: z.string().min(1) });
const tool = z.looseObject({ type: z.string().optional() }).transform((value, context) => {
  if (value.type === undefined || value.type === 'custom') return { ...parseWith(customTool, value, context), kind: 'custom' as const };
  const server = parseWith(serverTool, value, context);
  return { kind: 'server' as const, type: server.type, name: server.name };
});

const toolChoice = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('none') }),
]);

const thinking = byType({
  enabled: z.looseObject({ type: z.literal('enabled'), budget_tokens: z.number().int().positive() }),
  disabled: z.looseObject({ type: z.literal('disabled') }),
  adaptive: z.looseObject({ type: z.literal('adaptive') }),
});

const effort = z.enum(['low', 'medium', 'high', 'xhigh', 'max']);

/** Lenient where Anthropic adds fields, strict on the types of the fields we read. */
export const messagesRequestSchema = z.looseObject({
  model: z.string({ error: 'Field required' }).min(1, 'Field required'),
  max_tokens: z.number({ error: 'Field required' }).int().min(0),
  messages: z.array(messageSchema, { error: 'Field required' }).min(1, 'messages must contain at least one message'),
  system: stringOr(z.array(textBlock)).nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  temperature: z.number().min(0).max(1).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().min(0).nullish(),
  stream: z.boolean().nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  thinking: thinking.nullish(),
  output_config: z
    .looseObject({
      effort: effort.nullish(),
      format: z.looseObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }).nullish(),
    })
    .nullish(),
  providerOptions: z.looseObject({ gateway: gatewayOptionsSchema }).optional(),
});

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
export type MessageParam = MessagesRequest['messages'][number];
export type ContentBlock = z.output<typeof contentBlock>;
export type ToolResultContent = Exclude<z.output<typeof toolResultBlock>['content'], string | undefined>[number];
export type DocumentBlock = z.output<typeof documentBlock>;
export type ImageBlock = z.output<typeof imageBlock>;

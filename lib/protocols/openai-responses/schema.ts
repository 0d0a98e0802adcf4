import { z } from 'zod';
import { gatewayOptionsSchema } from '../shared/gateway-options';

const inputText = z.looseObject({ type: z.literal('input_text'), text: z.string() });
const inputImage = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().min(1).nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
});
const inputFile = z.looseObject({
  type: z.literal('input_file'),
  file_data: z.string().nullish(),
  file_id: z.string().nullish(),
  file_url: z.string().nullish(),
  filename: z.string().nullish(),
});
const outputText = z.looseObject({ type: z.literal('output_text'), text: z.string() });
const refusal = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

const contentPart = z.discriminatedUnion('type', [inputText, inputImage, inputFile, outputText, refusal]);
const toolOutputPart = z.discriminatedUnion('type', [inputText, inputImage, inputFile]);

const message = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(contentPart)]),
});
const functionCall = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});
const functionCallOutput = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(toolOutputPart)]),
  name: z.string().nullish(),
});
const reasoning = z.looseObject({
  type: z.literal('reasoning'),
  summary: z.array(z.looseObject({ text: z.string() })).nullish(),
});
const itemReference = z.looseObject({ type: z.literal('item_reference'), id: z.string() });

/**
 * Validates a value with the schema `pick` chooses for it, so an error names the failing
 * field instead of a union's bare "Invalid input".
 */
function dispatch<S extends z.ZodType>(pick: (value: unknown) => S) {
  return z.unknown().transform((value, context): z.output<S> => {
    const result = pick(value).safeParse(value);
    if (result.success) return result.data as z.output<S>;
    for (const issue of result.error.issues) context.addIssue({ ...issue, input: value } as Parameters<typeof context.addIssue>[0]);
    return z.NEVER;
  });
}

const fieldOf = (value: unknown, key: string): unknown => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined);

/** `{id}` with neither type nor role: a reference to a stored item. */
const untypedReference = z.looseObject({ id: z.string() }).transform((item) => ({ type: 'item_reference' as const, id: item.id }));
/** An item Gatehouse does not translate (hosted tool calls, compaction, ...): valid only on the pass-through path. */
const foreignItem = z.looseObject({ type: z.string() }).transform((item) => ({ type: 'foreign' as const, itemType: item.type }));

const inputItem = dispatch((value) => {
  const type = fieldOf(value, 'type');
  if (type === undefined) return fieldOf(value, 'role') === undefined && fieldOf(value, 'id') !== undefined ? untypedReference : message;
  if (type === 'message') return message;
  if (type === 'function_call') return functionCall;
  if (type === 'function_call_output') return functionCallOutput;
  if (type === 'reasoning') return reasoning;
  if (type === 'item_reference') return itemReference;
  return foreignItem;
});

const functionTool = z.looseObject({
  type: z.literal('function'),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must match ^[a-zA-Z0-9_-]{1,64}$'),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});
/** Hosted tools (web_search, file_search, mcp, ...) are OpenAI's: forwarded on pass-through only. */
const hostedTool = z.looseObject({ type: z.string() });
const tool = dispatch((value) => (fieldOf(value, 'type') === 'function' ? functionTool : hostedTool));

const namedFunction = z.looseObject({ type: z.literal('function'), name: z.string().min(1) });
const allowedTools = z.looseObject({
  type: z.literal('allowed_tools'),
  mode: z.enum(['auto', 'required']),
  tools: z.array(z.looseObject({ type: z.string(), name: z.string().optional() })),
});
const toolChoice = dispatch((value) => {
  if (typeof value === 'string') return z.enum(['none', 'auto', 'required']);
  const type = fieldOf(value, 'type');
  return type === 'function' ? namedFunction : type === 'allowed_tools' ? allowedTools : hostedTool;
});

const textFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string().min(1).max(64),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().nullish(),
    strict: z.boolean().nullish(),
  }),
]);

/** Lenient where OpenAI adds fields (they survive pass-through), strict on the types of the fields we read. */
export const responsesRequestSchema = z.looseObject({
  model: z.string({ error: 'you must provide a model parameter' }).min(1, 'you must provide a model parameter'),
  input: dispatch((value) =>
    typeof value === 'string' ? z.string() : z.array(inputItem, { error: "you must provide 'input': a string or an array of items" }).min(1, 'input must contain at least one item'),
  ),
  instructions: z.string().nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.looseObject({ format: textFormat.nullish() }).nullish(),
  reasoning: z.looseObject({ effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).nullish() }).nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  providerOptions: z.looseObject({ gateway: gatewayOptionsSchema }).optional(),
});

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
export type ResponsesInputItem = Exclude<ResponsesRequest['input'], string>[number];
export type ResponsesContentPart = z.infer<typeof contentPart>;
export type ResponsesToolOutputPart = z.infer<typeof toolOutputPart>;

// A hosted tool or tool choice is any other `type`, so TypeScript cannot narrow by `type` alone;
// these guards are sound because `dispatch` validated each value with the schema for its type.
export const isFunctionTool = (tool: NonNullable<ResponsesRequest['tools']>[number]): tool is z.infer<typeof functionTool> => tool.type === 'function';
export const isNamedFunction = (choice: object & ResponsesRequest['tool_choice']): choice is z.infer<typeof namedFunction> => choice.type === 'function';
export const isAllowedTools = (choice: object & ResponsesRequest['tool_choice']): choice is z.infer<typeof allowedTools> => choice.type === 'allowed_tools';

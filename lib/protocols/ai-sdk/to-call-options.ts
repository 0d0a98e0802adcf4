import type {
  JSONValue,
  LanguageModelV4CallOptions,
  LanguageModelV4FunctionTool,
  LanguageModelV4Message,
  LanguageModelV4ProviderTool,
  LanguageModelV4ToolResultOutput,
  SharedV4ProviderOptions,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import { reviveFileData } from './file-data';
import { wireFileData, type WireCallOptions, type WireMessage, type WireTool, type WireToolOutputItem, type WireToolResultOutput } from './schema';

type JSONSchema7 = LanguageModelV4FunctionTool['inputSchema'];
type ContentItem = Extract<LanguageModelV4ToolResultOutput, { type: 'content' }>['value'][number];
type AssistantPart = Extract<LanguageModelV4Message, { role: 'assistant' }>['content'][number];

const asProviderOptions = (value: Record<string, Record<string, unknown>> | undefined) => value as SharedV4ProviderOptions | undefined;

/** Only the fields that are set, so a revived part equals what the SDK would have built. */
function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** A V3 `file-id` (a string or per-provider ids): V4 can only carry the per-provider form. */
function fileReference(item: WireToolOutputItem, param: string) {
  const fileId = item.fileId;
  if (fileId && typeof fileId === 'object' && !Array.isArray(fileId)) return { type: 'reference' as const, reference: fileId as Record<string, string> };
  throw new GatewayError('invalid_request', `Invalid request: '${param}': a bare file id cannot be routed; send per-provider ids ({ "openai": "file-…" })`, { param });
}

/** Tool-result content items: V2 `media`, V3 `file-data`/`file-url`/`image-*`, V4 `file`. */
function reviveContentItem(item: WireToolOutputItem, param: string): ContentItem {
  const providerOptions = asProviderOptions(item.providerOptions as Record<string, Record<string, unknown>> | undefined);
  const file = (data: Parameters<typeof reviveFileData>[0], mediaType: string, filename?: string): ContentItem => {
    const revived = reviveFileData(data, mediaType, param);
    return defined({ type: 'file' as const, data: revived.data, mediaType: revived.mediaType, filename, providerOptions });
  };
  switch (item.type) {
    case 'text':
      return defined({ type: 'text' as const, text: str(item.text) ?? '', providerOptions });
    case 'file': {
      const data = wireFileData.safeParse(item.data);
      if (!data.success) throw new GatewayError('invalid_request', `Invalid request: '${param}.data' must be file data`, { param: `${param}.data` });
      return file(data.data, str(item.mediaType) ?? 'application/octet-stream', str(item.filename));
    }
    case 'media':
    case 'file-data':
    case 'image-data':
      return file(str(item.data) ?? '', str(item.mediaType) ?? (item.type === 'image-data' ? 'image/*' : 'application/octet-stream'), str(item.filename));
    case 'file-url':
    case 'image-url':
      return file({ type: 'url', url: str(item.url) ?? '' }, str(item.mediaType) ?? (item.type === 'image-url' ? 'image/*' : 'application/octet-stream'));
    case 'file-id':
    case 'image-file-id':
      return defined({ type: 'file' as const, data: fileReference(item, param), mediaType: item.type === 'image-file-id' ? 'image/*' : 'application/octet-stream', providerOptions });
    default:
      return defined({ type: 'custom' as const, providerOptions });
  }
}

function reviveOutput(output: WireToolResultOutput, param: string): LanguageModelV4ToolResultOutput {
  const providerOptions = asProviderOptions(output.providerOptions);
  switch (output.type) {
    case 'text':
    case 'error-text':
      return defined({ type: output.type, value: output.value, providerOptions });
    case 'json':
    case 'error-json':
      return defined({ type: output.type, value: (output.value ?? null) as JSONValue, providerOptions });
    case 'execution-denied':
      return defined({ type: output.type, reason: output.reason, providerOptions });
    case 'content':
      return defined({ type: output.type, value: output.value.map((item, index) => reviveContentItem(item, `${param}.value.${index}`)), providerOptions });
  }
}

function reviveMessage(message: WireMessage, index: number): LanguageModelV4Message {
  const at = (part: number) => `prompt.${index}.content.${part}`;
  const providerOptions = asProviderOptions(message.providerOptions);
  switch (message.role) {
    case 'system':
      return defined({ role: 'system', content: message.content, providerOptions });
    case 'user':
      return defined({
        role: 'user',
        providerOptions,
        content: message.content.map((part, partIndex) => {
          const partOptions = asProviderOptions(part.providerOptions);
          if (part.type === 'text') return defined({ type: 'text' as const, text: part.text, providerOptions: partOptions });
          const file = reviveFileData(part.data, part.mediaType, `${at(partIndex)}.data`);
          return defined({ type: 'file' as const, data: file.data, mediaType: file.mediaType, filename: part.filename, providerOptions: partOptions });
        }),
      });
    case 'assistant':
      return defined({
        role: 'assistant',
        providerOptions,
        content: message.content.map((part, partIndex): AssistantPart => {
          const partOptions = asProviderOptions(part.providerOptions);
          switch (part.type) {
            case 'text':
            case 'reasoning':
              return defined({ type: part.type, text: part.text, providerOptions: partOptions });
            case 'file': {
              const file = reviveFileData(part.data, part.mediaType, `${at(partIndex)}.data`);
              return defined({ type: 'file' as const, data: file.data, mediaType: file.mediaType, filename: part.filename, providerOptions: partOptions });
            }
            case 'reasoning-file': {
              const file = reviveFileData(part.data, part.mediaType, `${at(partIndex)}.data`);
              if (file.data.type !== 'data' && file.data.type !== 'url') throw new GatewayError('invalid_request', `Invalid request: '${at(partIndex)}.data' must be inline data or a URL`);
              return defined({ type: 'reasoning-file' as const, data: file.data, mediaType: file.mediaType, providerOptions: partOptions });
            }
            case 'custom':
              return defined({ type: 'custom' as const, kind: part.kind as `${string}.${string}`, providerOptions: partOptions });
            case 'tool-call':
              return defined({ type: 'tool-call' as const, toolCallId: part.toolCallId, toolName: part.toolName, input: part.input, providerExecuted: part.providerExecuted, providerOptions: partOptions });
            case 'tool-result':
              return defined({ type: 'tool-result' as const, toolCallId: part.toolCallId, toolName: part.toolName, output: reviveOutput(part.output, `${at(partIndex)}.output`), providerOptions: partOptions });
          }
        }),
      });
    case 'tool':
      return defined({
        role: 'tool',
        providerOptions,
        content: message.content.map((part, partIndex) => {
          const partOptions = asProviderOptions(part.providerOptions);
          if (part.type === 'tool-approval-response') {
            return defined({ type: part.type, approvalId: part.approvalId, approved: part.approved, reason: part.reason, providerOptions: partOptions });
          }
          return defined({ type: part.type, toolCallId: part.toolCallId, toolName: part.toolName, output: reviveOutput(part.output, `${at(partIndex)}.output`), providerOptions: partOptions });
        }),
      });
  }
}

/**
 * Tools the hosted gateway executes itself (`gateway.perplexity_search`, …): no upstream knows
 * them, so they are dropped with a warning instead of failing the call.
 */
function reviveTools(tools: WireTool[] | undefined, warnings: SharedV4Warning[]): Array<LanguageModelV4FunctionTool | LanguageModelV4ProviderTool> | undefined {
  if (!tools) return undefined;
  const revived: Array<LanguageModelV4FunctionTool | LanguageModelV4ProviderTool> = [];
  for (const tool of tools) {
    if (tool.type === 'function') {
      revived.push(
        defined({
          type: 'function' as const,
          name: tool.name,
          description: tool.description,
          inputSchema: tool.inputSchema as JSONSchema7,
          inputExamples: tool.inputExamples as LanguageModelV4FunctionTool['inputExamples'],
          strict: tool.strict,
          providerOptions: asProviderOptions(tool.providerOptions),
        }),
      );
    } else if (tool.id.startsWith('gateway.')) {
      warnings.push({ type: 'unsupported', feature: `tool ${tool.id}`, details: 'Gatehouse does not execute hosted-gateway tools.' });
    } else {
      revived.push({ type: 'provider', id: tool.id as `${string}.${string}`, name: tool.name, args: tool.args });
    }
  }
  return revived;
}

/**
 * The client's call options (any spec generation) → canonical V4 call options. Per-call
 * `headers` are dropped (the client already sent them as HTTP headers, and forwarding
 * arbitrary headers with a system credential is not ours to do), and so is
 * `providerOptions.gateway`, which the gateway itself consumed.
 */
export function toCallOptions(request: WireCallOptions, warnings: SharedV4Warning[]): LanguageModelV4CallOptions {
  const { gateway: _gateway, ...providerOptions } = request.providerOptions ?? {};
  return defined({
    prompt: request.prompt.map(reviveMessage),
    maxOutputTokens: request.maxOutputTokens,
    temperature: request.temperature,
    stopSequences: request.stopSequences,
    topP: request.topP,
    topK: request.topK,
    presencePenalty: request.presencePenalty,
    frequencyPenalty: request.frequencyPenalty,
    responseFormat:
      request.responseFormat?.type === 'json'
        ? defined({ type: 'json' as const, schema: request.responseFormat.schema as JSONSchema7 | undefined, name: request.responseFormat.name, description: request.responseFormat.description })
        : request.responseFormat && { type: 'text' as const },
    seed: request.seed,
    tools: reviveTools(request.tools, warnings),
    toolChoice: request.toolChoice?.type === 'tool' ? { type: 'tool', toolName: request.toolChoice.toolName } : request.toolChoice && { type: request.toolChoice.type },
    includeRawChunks: request.includeRawChunks,
    reasoning: request.reasoning,
    providerOptions: Object.keys(providerOptions).length > 0 ? asProviderOptions(providerOptions) : undefined,
  });
}

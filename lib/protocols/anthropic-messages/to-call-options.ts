import type {
  LanguageModelV4CallOptions,
  LanguageModelV4FilePart,
  LanguageModelV4Message,
  LanguageModelV4Prompt,
  LanguageModelV4TextPart,
  LanguageModelV4ToolResultOutput,
  LanguageModelV4ToolResultPart,
} from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import { fileDataFromUrl } from '../shared/data-url';
import type { ContentBlock, DocumentBlock, ImageBlock, MessagesRequest, OtherBlock, ToolResultContent } from './schema';

type AssistantContent = Extract<LanguageModelV4Message, { role: 'assistant' }>['content'];
type ContentOutput = Extract<LanguageModelV4ToolResultOutput, { type: 'content' }>['value'];
type Effort = NonNullable<LanguageModelV4CallOptions['reasoning']>;

function unsupported(what: string, param: string): GatewayError {
  return new GatewayError('invalid_request', `Invalid request: ${what} can only be sent to models served by Anthropic`, { param });
}

function textOf(content: Array<{ type: string; text?: string }>): string {
  return content.map((block) => block.text ?? '').join('');
}

/** One system message per system text block, so no separator is invented between them. */
function systemMessages(content: string | Array<{ text: string }>): LanguageModelV4Prompt {
  const texts = typeof content === 'string' ? [content] : content.map((block) => block.text);
  return texts.filter((text) => text !== '').map((text) => ({ role: 'system', content: text }));
}

function imagePart(block: ImageBlock, param: string): LanguageModelV4FilePart {
  const source = block.source;
  switch (source.type) {
    case 'base64':
      return { type: 'file', data: { type: 'data', data: source.data }, mediaType: source.media_type };
    case 'url':
      return { type: 'file', ...fileDataFromUrl(source.url, 'image/*') };
    case 'file':
      throw unsupported('file_id image sources', `${param}.source`);
  }
}

/** Documents become file parts, except plain-text documents, which every upstream reads as text. */
function documentParts(block: DocumentBlock, param: string): Array<LanguageModelV4TextPart | LanguageModelV4FilePart> {
  const source = block.source;
  const filename = block.title ?? undefined;
  switch (source.type) {
    case 'base64':
      return [{ type: 'file', data: { type: 'data', data: source.data }, mediaType: source.media_type, filename }];
    case 'url':
      return [{ type: 'file', ...fileDataFromUrl(source.url, 'application/pdf'), filename }];
    case 'text':
      return [{ type: 'text', text: filename ? `${filename}\n\n${source.data}` : source.data }];
    case 'content':
      if (typeof source.content === 'string') return [{ type: 'text', text: source.content }];
      return source.content.map((inner, index) => {
        if (inner.type === 'text') return { type: 'text', text: inner.text };
        if (inner.type === 'image') return imagePart(inner, `${param}.source.content.${index}`);
        throw unsupported(`'${inner.blockType}' blocks`, `${param}.source.content.${index}`);
      });
    case 'file':
      throw unsupported('file_id document sources', `${param}.source`);
  }
}

function userParts(block: Exclude<ContentBlock, OtherBlock>, param: string): Array<LanguageModelV4TextPart | LanguageModelV4FilePart> {
  switch (block.type) {
    case 'text':
      return [{ type: 'text', text: block.text }];
    case 'image':
      return [imagePart(block, param)];
    case 'document':
      return documentParts(block, param);
    default:
      throw new GatewayError('invalid_request', `Invalid request: '${block.type}' blocks are not allowed in a user turn`, { param });
  }
}

function toolOutput(content: string | ToolResultContent[] | undefined, isError: boolean, param: string): LanguageModelV4ToolResultOutput {
  if (content === undefined || typeof content === 'string') return { type: isError ? 'error-text' : 'text', value: content ?? '' };
  // An error carries only its text: the AI SDK's error outputs have no room for images.
  if (isError || content.every((block) => block.type === 'text')) return { type: isError ? 'error-text' : 'text', value: textOf(content) };
  const value: ContentOutput = content.flatMap((block, index) => {
    const where = `${param}.content.${index}`;
    if (block.type === 'other') throw unsupported(`'${block.blockType}' blocks`, where);
    return block.type === 'image' ? [imagePart(block, where)] : block.type === 'document' ? documentParts(block, where) : [{ type: 'text' as const, text: block.text }];
  });
  return { type: 'content', value };
}

function assistantContent(blocks: ContentBlock[], param: string, toolNames: Map<string, string>): AssistantContent {
  return blocks.flatMap((block, index): AssistantContent => {
    const where = `${param}.${index}`;
    switch (block.type) {
      case 'text':
        return [{ type: 'text', text: block.text }];
      case 'thinking':
        // Signatures are Anthropic's; other upstreams read the text, an Anthropic upstream replays both.
        return [{ type: 'reasoning', text: block.thinking, providerOptions: block.signature ? { anthropic: { signature: block.signature } } : undefined }];
      case 'redacted_thinking':
        return [{ type: 'reasoning', text: '', providerOptions: { anthropic: { redactedData: block.data } } }];
      case 'tool_use':
        toolNames.set(block.id, block.name);
        return [{ type: 'tool-call', toolCallId: block.id, toolName: block.name, input: block.input }];
      case 'image':
        return [imagePart(block, where)];
      case 'document':
        return documentParts(block, where);
      case 'tool_result':
        throw new GatewayError('invalid_request', 'Invalid request: tool_result blocks belong in a user turn', { param: where });
      case 'other':
        throw unsupported(`'${block.blockType}' blocks`, where);
    }
  });
}

/**
 * Anthropic messages → the AI SDK prompt. A user turn's tool_result blocks become one `tool`
 * message (tool names recovered from the assistant turn that called them), followed by a user
 * message with the turn's other blocks.
 */
export function toPrompt(request: Pick<MessagesRequest, 'system' | 'messages'>): LanguageModelV4Prompt {
  const prompt: LanguageModelV4Prompt = [];
  const toolNames = new Map<string, string>();
  if (request.system != null) prompt.push(...systemMessages(request.system));
  request.messages.forEach((message, messageIndex) => {
    const param = `messages.${messageIndex}.content`;
    if (message.role === 'system') {
      prompt.push(...systemMessages(message.content));
      return;
    }
    const blocks: ContentBlock[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (message.role === 'assistant') {
      prompt.push({ role: 'assistant', content: assistantContent(blocks, param, toolNames) });
      return;
    }
    const results: LanguageModelV4ToolResultPart[] = [];
    const content: Array<LanguageModelV4TextPart | LanguageModelV4FilePart> = [];
    blocks.forEach((block, index) => {
      if (block.type === 'other') throw unsupported(`'${block.blockType}' blocks`, `${param}.${index}`);
      if (block.type !== 'tool_result') {
        content.push(...userParts(block, `${param}.${index}`));
        return;
      }
      results.push({
        type: 'tool-result',
        toolCallId: block.tool_use_id,
        toolName: toolNames.get(block.tool_use_id) ?? 'unknown',
        output: toolOutput(block.content, block.is_error === true, `${param}.${index}`),
      });
    });
    if (results.length > 0) prompt.push({ role: 'tool', content: results });
    if (content.length > 0 || results.length === 0) prompt.push({ role: 'user', content });
  });
  return prompt;
}

/** A thinking budget as the nearest effort at or below it (1024 minimal, 2048 low, 8192 medium, 24576 high). */
export function effortForBudget(budgetTokens: number): Effort {
  if (budgetTokens < 2048) return 'minimal';
  if (budgetTokens < 8192) return 'low';
  if (budgetTokens < 24576) return 'medium';
  if (budgetTokens < 32768) return 'high';
  return 'xhigh';
}

function reasoning(request: MessagesRequest): Effort | undefined {
  if (request.output_config?.effort) return request.output_config.effort;
  switch (request.thinking?.type) {
    case 'enabled':
      return effortForBudget(request.thinking.budget_tokens);
    case 'disabled':
      return 'none';
    default:
      return undefined;
  }
}

function toolChoice(choice: MessagesRequest['tool_choice']): LanguageModelV4CallOptions['toolChoice'] {
  if (!choice) return undefined;
  switch (choice.type) {
    case 'any':
      return { type: 'required' };
    case 'tool':
      return { type: 'tool', toolName: choice.name };
    default:
      return { type: choice.type };
  }
}

export function toCallOptions(request: MessagesRequest): LanguageModelV4CallOptions {
  const choice = request.tool_choice;
  const format = request.output_config?.format;
  return {
    prompt: toPrompt(request),
    maxOutputTokens: request.max_tokens,
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    topK: request.top_k ?? undefined,
    stopSequences: request.stop_sequences ?? undefined,
    reasoning: reasoning(request),
    responseFormat: format ? { type: 'json', schema: format.schema as never } : undefined,
    tools: request.tools?.map((tool, index) => {
      if (tool.kind === 'server') throw unsupported(`server tools ('${tool.type}')`, `tools.${index}`);
      return { type: 'function' as const, name: tool.name, description: tool.description, inputSchema: tool.input_schema as never, strict: tool.strict };
    }),
    toolChoice: toolChoice(choice),
    providerOptions: choice && choice.type !== 'none' && choice.disable_parallel_tool_use ? { openai: { parallelToolCalls: false } } : undefined,
  };
}

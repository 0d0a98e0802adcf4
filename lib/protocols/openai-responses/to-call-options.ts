import type { LanguageModelV4CallOptions, LanguageModelV4FilePart, LanguageModelV4Message, LanguageModelV4Prompt, LanguageModelV4ToolResultOutput } from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import { fileDataFromUrl } from '../shared/data-url';
import { openAIRequestOptions } from '../shared/openai-request-options';
import { isAllowedTools, isFunctionTool, isNamedFunction, type ResponsesContentPart, type ResponsesInputItem, type ResponsesRequest, type ResponsesToolOutputPart } from './schema';

type AssistantContent = Extract<LanguageModelV4Message, { role: 'assistant' }>['content'];
type ToolContent = Extract<LanguageModelV4Message, { role: 'tool' }>['content'];

/** Only OpenAI itself understands these; a translated request cannot carry them. */
function untranslatable(what: string, param: string): GatewayError {
  return new GatewayError('invalid_request', `Invalid request: ${what} can only be sent to OpenAI models (this model is served by translation)`, { param });
}

function parseArguments(raw: string, param: string): unknown {
  try {
    return raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    throw new GatewayError('invalid_request', `Invalid request: '${param}' is not valid JSON`, { param });
  }
}

type FileInput = Extract<ResponsesContentPart | ResponsesToolOutputPart, { type: 'input_image' | 'input_file' }>;

function filePart(part: FileInput, param: string): LanguageModelV4FilePart {
  if (part.type === 'input_image') {
    if (!part.image_url) throw untranslatable('images by file_id', param);
    return { type: 'file', ...fileDataFromUrl(part.image_url, 'image/*') };
  }
  const filename = part.filename ?? undefined;
  if (part.file_data) {
    const url = part.file_data.startsWith('data:') ? part.file_data : `data:application/pdf;base64,${part.file_data}`;
    return { type: 'file', ...fileDataFromUrl(url, 'application/pdf'), filename };
  }
  if (part.file_url) return { type: 'file', ...fileDataFromUrl(part.file_url, 'application/pdf'), filename };
  throw untranslatable('files by file_id', param);
}

function textOf(content: string | ResponsesContentPart[]): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'refusal' ? part.refusal : 'text' in part ? part.text : '')).join('');
}

function userContent(content: string | ResponsesContentPart[], param: string): Extract<LanguageModelV4Message, { role: 'user' }>['content'] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index) => {
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        return { type: 'text' as const, text: part.text };
      case 'refusal':
        return { type: 'text' as const, text: part.refusal };
      default:
        return filePart(part, `${param}.${index}`);
    }
  });
}

function toolOutput(output: string | ResponsesToolOutputPart[], param: string): LanguageModelV4ToolResultOutput {
  if (typeof output === 'string') return { type: 'text', value: output };
  return {
    type: 'content',
    value: output.map((part, index) => (part.type === 'input_text' ? { type: 'text' as const, text: part.text } : filePart(part, `${param}.${index}`))),
  };
}

/**
 * Responses input items → the AI SDK prompt. Calls and their preceding assistant text become
 * one assistant turn; consecutive outputs one tool turn, named after the call they answer.
 */
export function toPrompt(instructions: string | null | undefined, input: string | ResponsesInputItem[]): LanguageModelV4Prompt {
  const prompt: LanguageModelV4Prompt = instructions ? [{ role: 'system', content: instructions }] : [];
  if (typeof input === 'string') return [...prompt, { role: 'user', content: [{ type: 'text', text: input }] }];
  const toolNames = new Map<string, string>();
  const assistantTurn = (): AssistantContent => {
    const last = prompt[prompt.length - 1];
    if (last?.role === 'assistant') return last.content;
    const content: AssistantContent = [];
    prompt.push({ role: 'assistant', content });
    return content;
  };
  const toolTurn = (): ToolContent => {
    const last = prompt[prompt.length - 1];
    if (last?.role === 'tool') return last.content;
    const content: ToolContent = [];
    prompt.push({ role: 'tool', content });
    return content;
  };

  input.forEach((item, index) => {
    const param = `input.${index}`;
    switch (item.type) {
      case undefined:
      case 'message':
        if (item.role === 'system' || item.role === 'developer') prompt.push({ role: 'system', content: textOf(item.content) });
        else if (item.role === 'user') prompt.push({ role: 'user', content: userContent(item.content, `${param}.content`) });
        else {
          const text = textOf(item.content);
          if (text) assistantTurn().push({ type: 'text', text });
        }
        return;
      case 'function_call':
        toolNames.set(item.call_id, item.name);
        assistantTurn().push({ type: 'tool-call', toolCallId: item.call_id, toolName: item.name, input: parseArguments(item.arguments, `${param}.arguments`) });
        return;
      case 'function_call_output':
        toolTurn().push({
          type: 'tool-result',
          toolCallId: item.call_id,
          toolName: item.name ?? toolNames.get(item.call_id) ?? 'unknown',
          output: toolOutput(item.output, `${param}.output`),
        });
        return;
      case 'reasoning':
        // Reasoning is provider-bound (signatures, encrypted content): another upstream cannot use it.
        return;
      case 'item_reference':
        throw new GatewayError('invalid_request', 'Invalid request: Gatehouse does not store items; send the full item instead of an item_reference', { param });
      case 'foreign':
        throw untranslatable(`'${item.itemType}' input items`, `${param}.type`);
    }
  });
  return prompt;
}

function tools(request: ResponsesRequest): LanguageModelV4CallOptions['tools'] {
  if (!request.tools?.length) return undefined;
  const choice = request.tool_choice;
  const allowed = choice && typeof choice === 'object' && isAllowedTools(choice) ? new Set(choice.tools.map((tool) => tool.name)) : undefined;
  return request.tools.flatMap((tool, index) => {
    if (!isFunctionTool(tool)) throw untranslatable(`'${tool.type}' tools`, `tools.${index}.type`);
    if (allowed && !allowed.has(tool.name)) return [];
    return [
      {
        type: 'function' as const,
        name: tool.name,
        description: tool.description ?? undefined,
        inputSchema: (tool.parameters ?? { type: 'object', properties: {} }) as never,
        strict: tool.strict ?? undefined,
      },
    ];
  });
}

function toolChoice(choice: ResponsesRequest['tool_choice']): LanguageModelV4CallOptions['toolChoice'] {
  if (choice == null) return undefined;
  if (typeof choice === 'string') return { type: choice };
  if (isNamedFunction(choice)) return { type: 'tool', toolName: choice.name };
  if (isAllowedTools(choice)) return { type: choice.mode };
  throw untranslatable(`tool_choice '${choice.type}'`, 'tool_choice');
}

function responseFormat(format: NonNullable<ResponsesRequest['text']>['format']): LanguageModelV4CallOptions['responseFormat'] {
  if (format?.type === 'json_schema') return { type: 'json', schema: format.schema as never, name: format.name, description: format.description ?? undefined };
  if (format?.type === 'json_object') return { type: 'json' };
  return undefined;
}

/** The canonical call for the translation path. `metadata` and `include` only mean something to OpenAI. */
export function toCallOptions(request: ResponsesRequest): LanguageModelV4CallOptions {
  return {
    prompt: toPrompt(request.instructions, request.input),
    maxOutputTokens: request.max_output_tokens ?? undefined,
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    reasoning: request.reasoning?.effort ?? undefined,
    responseFormat: responseFormat(request.text?.format),
    tools: tools(request),
    toolChoice: toolChoice(request.tool_choice),
    providerOptions: openAIRequestOptions({ parallelToolCalls: request.parallel_tool_calls, store: request.store }),
  };
}

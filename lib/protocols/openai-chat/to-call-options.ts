import type { LanguageModelV4CallOptions, LanguageModelV4Message, LanguageModelV4Prompt } from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import { fileDataFromUrl } from '../shared/data-url';
import { openAIRequestOptions } from '../shared/openai-request-options';
import type { ChatMessage, ChatRequest } from './schema';

type UserContent = Extract<LanguageModelV4Message, { role: 'user' }>['content'];

function textOf(content: string | Array<{ type: string; text?: string; refusal?: string }> | null | undefined): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? part.refusal ?? '').join('');
}

function parseArguments(raw: string, param: string): unknown {
  try {
    return raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    throw new GatewayError('invalid_request', `Invalid request: '${param}' is not valid JSON`, { param });
  }
}

function userContent(message: Extract<ChatMessage, { role: 'user' }>): UserContent {
  if (typeof message.content === 'string') return [{ type: 'text', text: message.content }];
  return message.content.map((part) => {
    switch (part.type) {
      case 'text':
        return { type: 'text' as const, text: part.text };
      case 'image_url':
        return { type: 'file' as const, ...fileDataFromUrl(part.image_url.url, 'image/*') };
      case 'input_audio':
        return { type: 'file' as const, data: { type: 'data' as const, data: part.input_audio.data }, mediaType: `audio/${part.input_audio.format}` };
      case 'file': {
        if (!part.file.file_data) throw new GatewayError('invalid_request', 'Invalid request: file parts need file_data (file ids are not supported)');
        const file = fileDataFromUrl(part.file.file_data.startsWith('data:') ? part.file.file_data : `data:application/pdf;base64,${part.file.file_data}`, 'application/pdf');
        return { type: 'file' as const, ...file, filename: part.file.filename };
      }
    }
  });
}

/** Chat Completions messages → the AI SDK prompt. Tool names are recovered from the assistant turn that called them. */
export function toPrompt(messages: ChatMessage[]): LanguageModelV4Prompt {
  const toolNames = new Map<string, string>();
  const prompt: LanguageModelV4Prompt = [];
  messages.forEach((message, index) => {
    switch (message.role) {
      case 'system':
      case 'developer':
        prompt.push({ role: 'system', content: textOf(message.content) });
        break;
      case 'user':
        prompt.push({ role: 'user', content: userContent(message) });
        break;
      case 'assistant': {
        const content: Extract<LanguageModelV4Message, { role: 'assistant' }>['content'] = [];
        const text = textOf(message.content);
        if (text) content.push({ type: 'text', text });
        for (const call of message.tool_calls ?? []) {
          toolNames.set(call.id, call.function.name);
          content.push({
            type: 'tool-call',
            toolCallId: call.id,
            toolName: call.function.name,
            input: parseArguments(call.function.arguments, `messages.${index}.tool_calls.function.arguments`),
          });
        }
        prompt.push({ role: 'assistant', content });
        break;
      }
      case 'tool': {
        const output = textOf(message.content);
        const part = {
          type: 'tool-result' as const,
          toolCallId: message.tool_call_id,
          toolName: toolNames.get(message.tool_call_id) ?? 'unknown',
          output: { type: 'text' as const, value: output },
        };
        const previous = prompt[prompt.length - 1];
        if (previous?.role === 'tool') previous.content.push(part);
        else prompt.push({ role: 'tool', content: [part] });
        break;
      }
    }
  });
  return prompt;
}

export function toCallOptions(request: ChatRequest): LanguageModelV4CallOptions {
  const format = request.response_format;
  const choice = request.tool_choice;
  return {
    prompt: toPrompt(request.messages),
    maxOutputTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    stopSequences: request.stop == null ? undefined : Array.isArray(request.stop) ? request.stop : [request.stop],
    seed: request.seed ?? undefined,
    presencePenalty: request.presence_penalty ?? undefined,
    frequencyPenalty: request.frequency_penalty ?? undefined,
    reasoning: request.reasoning_effort ?? undefined,
    responseFormat:
      format?.type === 'json_schema'
        ? { type: 'json', schema: format.json_schema.schema as never, name: format.json_schema.name, description: format.json_schema.description }
        : format?.type === 'json_object'
          ? { type: 'json' }
          : undefined,
    tools: request.tools?.map((tool) => ({
      type: 'function' as const,
      name: tool.function.name,
      description: tool.function.description,
      inputSchema: (tool.function.parameters ?? { type: 'object', properties: {} }) as never,
    })),
    toolChoice:
      choice == null
        ? undefined
        : typeof choice === 'string'
          ? { type: choice }
          : { type: 'tool', toolName: choice.function.name },
    providerOptions: openAIRequestOptions({ parallelToolCalls: request.parallel_tool_calls, store: request.store }),
  };
}

import { chatRequestBody, type ChatMessage, type ChatOptions } from './chat-stream';

/**
 * "Get code": the playground's conversation as a ready-to-run program against this
 * Gatehouse. The key is always the `$GATEHOUSE_API_KEY` environment variable, never the
 * playground's own short-lived token.
 */
export type SnippetInput = { baseUrl: string; model: string; messages: ChatMessage[]; options: ChatOptions };

export type Snippet = { id: string; label: string; code: string };

const indent = (text: string, spaces: number) => text.replace(/\n/g, `\n${' '.repeat(spaces)}`);
const json = (value: unknown) => JSON.stringify(value, null, 2);
const keyComment = (prefix: string) => `${prefix} Needs GATEHOUSE_API_KEY in the environment: export GATEHOUSE_API_KEY=gh_...`;

function curl({ baseUrl, model, messages, options }: SnippetInput): string {
  // A quoted heredoc: the JSON needs no shell escaping, whatever the messages contain.
  return `curl ${baseUrl}/v1/chat/completions \\
  -H "Authorization: Bearer $GATEHOUSE_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d @- <<'JSON'
${json(chatRequestBody(model, messages, options))}
JSON`;
}

function openAITypeScript({ baseUrl, model, messages, options }: SnippetInput): string {
  const body = chatRequestBody(model, messages, options);
  const fields = Object.entries(body).map(([name, value]) => `  ${name}: ${indent(json(value), 2)},`);
  return `${keyComment('//')}
import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: '${baseUrl}/v1',
  apiKey: process.env.GATEHOUSE_API_KEY,
});

const completion = await client.chat.completions.create({
${fields.join('\n')}
});
console.log(completion.choices[0].message.content);`;
}

function openAIPython({ baseUrl, model, messages, options }: SnippetInput): string {
  const body = chatRequestBody(model, messages, options);
  // JSON strings and numbers are valid Python literals; the body holds nothing else.
  const fields = Object.entries(body).map(([name, value]) => `    ${name}=${indent(JSON.stringify(value, null, 4), 4)},`);
  return `${keyComment('#')}
import os
from openai import OpenAI

client = OpenAI(base_url="${baseUrl}/v1", api_key=os.environ["GATEHOUSE_API_KEY"])

completion = client.chat.completions.create(
${fields.join('\n')}
)
print(completion.choices[0].message.content)`;
}

function anthropicTypeScript({ baseUrl, model, messages, options }: SnippetInput): string {
  const system = messages.filter((message) => message.role === 'system').map((message) => message.content);
  const turns = messages.filter((message) => message.role !== 'system');
  const fields = [
    `  model: ${json(model)},`,
    // Required by the Messages API.
    `  max_tokens: ${options.maxTokens ?? 1024},`,
    ...(system.length ? [`  system: ${json(system.join('\n\n'))},`] : []),
    `  messages: ${indent(json(turns), 2)},`,
    ...(options.temperature !== undefined ? [`  temperature: ${options.temperature},`] : []),
    ...(options.topP !== undefined ? [`  top_p: ${options.topP},`] : []),
  ];
  const reasoning = options.reasoningEffort ? `\n// Reasoning effort '${options.reasoningEffort}' has no Messages API field; use thinking: { type: 'enabled', budget_tokens } instead.` : '';
  return `${keyComment('//')}${reasoning}
import Anthropic from '@anthropic-ai/sdk';

// The SDK adds /v1/messages to the base URL.
const client = new Anthropic({
  baseURL: '${baseUrl}',
  apiKey: process.env.GATEHOUSE_API_KEY,
});

const message = await client.messages.create({
${fields.join('\n')}
});
console.log(message.content.map((block) => (block.type === 'text' ? block.text : '')).join(''));`;
}

function aiSdk({ baseUrl, model, messages, options }: SnippetInput): string {
  const system = messages.filter((message) => message.role === 'system').map((message) => message.content);
  const turns = messages.filter((message) => message.role !== 'system');
  const fields = [
    `  model: gatehouse(${json(model)}),`,
    ...(system.length ? [`  system: ${json(system.join('\n\n'))},`] : []),
    `  messages: ${indent(json(turns), 2)},`,
    ...(options.temperature !== undefined ? [`  temperature: ${options.temperature},`] : []),
    ...(options.maxTokens !== undefined ? [`  maxOutputTokens: ${options.maxTokens},`] : []),
    ...(options.topP !== undefined ? [`  topP: ${options.topP},`] : []),
    ...(options.reasoningEffort ? [`  reasoning: ${json(options.reasoningEffort)},`] : []),
  ];
  return `${keyComment('//')}
import { createGateway, streamText } from 'ai';

const gatehouse = createGateway({
  baseURL: '${baseUrl}/v4/ai',
  apiKey: process.env.GATEHOUSE_API_KEY,
});

const result = streamText({
${fields.join('\n')}
});
for await (const text of result.textStream) process.stdout.write(text);`;
}

export function codeSnippets(input: SnippetInput): Snippet[] {
  return [
    { id: 'curl', label: 'curl', code: curl(input) },
    { id: 'openai-ts', label: 'OpenAI SDK (TypeScript)', code: openAITypeScript(input) },
    { id: 'openai-python', label: 'OpenAI SDK (Python)', code: openAIPython(input) },
    { id: 'anthropic-ts', label: 'Anthropic SDK (TypeScript)', code: anthropicTypeScript(input) },
    { id: 'ai-sdk', label: 'AI SDK', code: aiSdk(input) },
  ];
}

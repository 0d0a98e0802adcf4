import { SNIPPET_FALLBACK_MODEL } from '@/lib/services/models/usable-models';

/** Ready-to-paste examples for a new key against this Gatehouse, calling `model` (one the team can call). */
export function keySnippets(baseUrl: string, key: string, model: string | null = null) {
  model ??= SNIPPET_FALLBACK_MODEL;
  return [
    {
      id: 'curl',
      label: 'curl',
      code: `curl ${baseUrl}/v1/chat/completions \\
  -H "Authorization: Bearer ${key}" \\
  -H "Content-Type: application/json" \\
  -d '{"model":"${model}","messages":[{"role":"user","content":"Hello"}]}'`,
    },
    {
      id: 'openai',
      label: 'OpenAI SDK',
      code: `import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: '${baseUrl}/v1',
  apiKey: '${key}',
});

const completion = await client.chat.completions.create({
  model: '${model}',
  messages: [{ role: 'user', content: 'Hello' }],
});
console.log(completion.choices[0].message.content);`,
    },
    {
      id: 'ai-sdk',
      label: 'AI SDK',
      code: `import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText } from 'ai';

const gatehouse = createOpenAICompatible({
  name: 'gatehouse',
  baseURL: '${baseUrl}/v1',
  apiKey: '${key}',
});

const { text } = await generateText({
  model: gatehouse('${model}'),
  prompt: 'Hello',
});
console.log(text);`,
    },
  ];
}

import { estimateTokens } from '../shared/estimate-tokens';
import type { WireCallOptions } from './schema';

/**
 * Characters the model reads as text, for the pre-flight estimate. File data is skipped: a
 * base64 image would count as tens of thousands of "tokens" and trip rate limits and holds.
 */
export function estimateInputTokens(request: WireCallOptions): number {
  let chars = 0;
  const count = (value: unknown) => {
    chars += typeof value === 'string' ? value.length : JSON.stringify(value ?? '').length;
  };
  for (const message of request.prompt) {
    if (typeof message.content === 'string') {
      count(message.content);
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'text' || part.type === 'reasoning') count(part.text);
      else if (part.type === 'tool-call') count(part.input);
      else if (part.type === 'tool-result') {
        const output = part.output;
        if (output.type === 'content') for (const item of output.value) count(item.type === 'text' ? item.text : '');
        else if (output.type !== 'execution-denied') count(output.value);
      }
    }
  }
  if (request.tools) count(request.tools);
  return estimateTokens(chars);
}

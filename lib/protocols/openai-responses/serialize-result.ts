import type { LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import type { ResponseIdentity } from '../../gateway/types';
import { fromSdkUsage } from '../shared/usage';
import { itemIdFactory, responseObject, responseSettings, terminalState, type OutputItem, type ResponseSettings } from './response-object';

/** AI SDK content → Response output items: adjacent text joins one message, adjacent reasoning one reasoning item. */
export function toOutputItems(content: LanguageModelV4GenerateResult['content'], nextId: ReturnType<typeof itemIdFactory>, itemStatus: 'completed' | 'incomplete'): OutputItem[] {
  const output: OutputItem[] = [];
  for (const part of content) {
    const last = output[output.length - 1];
    if (part.type === 'text') {
      if (!part.text) continue;
      if (last?.type === 'message') last.content[0].text += part.text;
      else output.push({ type: 'message', id: nextId('msg'), role: 'assistant', status: itemStatus, content: [{ type: 'output_text', text: part.text, annotations: [] }] });
    } else if (part.type === 'reasoning') {
      if (!part.text) continue;
      if (last?.type === 'reasoning') last.summary[0].text += part.text;
      else output.push({ type: 'reasoning', id: nextId('rs'), summary: [{ type: 'summary_text', text: part.text }] });
    } else if (part.type === 'tool-call' && !part.providerExecuted) {
      output.push({ type: 'function_call', id: nextId('fc'), call_id: part.toolCallId, name: part.toolName, arguments: part.input || '{}', status: 'completed' });
    }
  }
  return output;
}

/** A translated result as a Response object (`output_text` is computed by the SDKs from `output`). */
export function serializeResponsesResult(result: LanguageModelV4GenerateResult, identity: ResponseIdentity, settings: ResponseSettings = responseSettings(undefined)) {
  const { status, incompleteDetails } = terminalState(result.finishReason.unified);
  const output = toOutputItems(result.content, itemIdFactory(identity), status);
  return responseObject({ identity, settings, status, output, usage: fromSdkUsage(result.usage), incompleteDetails });
}

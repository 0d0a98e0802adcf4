import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import type { ResponseIdentity, StreamTracker } from '../../gateway/types';
import { openAIErrorBody } from '../openai-chat/errors';
import { sseEvent } from '../sse';
import { fromSdkUsage } from '../shared/usage';
import {
  finishLabel,
  itemIdFactory,
  responseObject,
  terminalState,
  type FunctionCallItem,
  type MessageItem,
  type OutputItem,
  type ReasoningItem,
  type ResponseSettings,
} from './response-object';

/** Both error shapes in one event: the OpenAI SDK throws on it, the AI SDK parses the flat or nested form. */
function errorEvent(error: GatewayError, sequenceNumber: number): Uint8Array {
  const body = openAIErrorBody(error).error;
  return sseEvent({ type: 'error', sequence_number: sequenceNumber, code: body.code, message: body.message, param: body.param, error: body }, 'error');
}

/**
 * An in-stream error when nothing is known about the stream it ends (the upstream connection
 * failed). The sequence number is past any the stream can have used, so clients that skip
 * already-seen numbers still deliver it.
 */
export function responsesStreamError(error: GatewayError): Uint8Array[] {
  return [errorEvent(error, Number.MAX_SAFE_INTEGER)];
}

type Open<Item> = { index: number; item: Item };

/**
 * AI SDK stream parts → the Responses event sequence: `response.created`, items opened before
 * their deltas and closed before the terminal event, which carries the full output and usage.
 */
export function responsesStreamSerializer(identity: ResponseIdentity, settings: ResponseSettings, tracker: StreamTracker): TransformStream<LanguageModelV4StreamPart, Uint8Array> {
  const nextId = itemIdFactory(identity);
  const output: OutputItem[] = [];
  let sequenceNumber = 0;
  let current: (Open<MessageItem> | Open<ReasoningItem>) & { partId: string } | undefined;
  const tools = new Map<string, Open<FunctionCallItem>>();
  let finished = false;
  let out!: TransformStreamDefaultController<Uint8Array>;

  const emit = (type: string, fields: Record<string, unknown>) => out.enqueue(sseEvent({ type, sequence_number: sequenceNumber++, ...fields }, type));
  const lifecycle = (type: string, response: ReturnType<typeof responseObject>) => emit(type, { response });
  const countOutput = (text: string) => {
    tracker.firstTokenAt ??= Date.now();
    tracker.outputChars += text.length;
  };

  // Items are announced empty and filled by deltas; each event serializes its item as it is then.
  const addItem = <Item extends OutputItem>(item: Item): Open<Item> => {
    const index = output.push(item) - 1;
    emit('response.output_item.added', { output_index: index, item });
    return { index, item };
  };

  const closeCurrent = () => {
    if (!current) return;
    const { index, item } = current;
    current = undefined;
    if (item.type === 'message') {
      const part = item.content[0];
      const at = { item_id: item.id, output_index: index, content_index: 0 };
      emit('response.output_text.done', { ...at, text: part.text, logprobs: [] });
      emit('response.content_part.done', { ...at, part });
    } else {
      const part = item.summary[0];
      const at = { item_id: item.id, output_index: index, summary_index: 0 };
      emit('response.reasoning_summary_text.done', { ...at, text: part.text });
      emit('response.reasoning_summary_part.done', { ...at, part });
    }
    if (item.type === 'message') item.status = 'completed';
    emit('response.output_item.done', { output_index: index, item });
  };

  const textDelta = (partId: string, delta: string) => {
    if (current?.partId !== partId || current.item.type !== 'message') {
      closeCurrent();
      const opened = addItem<MessageItem>({ type: 'message', id: nextId('msg'), role: 'assistant', status: 'in_progress', content: [] });
      const part = { type: 'output_text' as const, text: '', annotations: [] };
      opened.item.content.push(part);
      emit('response.content_part.added', { item_id: opened.item.id, output_index: opened.index, content_index: 0, part });
      current = { ...opened, partId };
    }
    const { index, item } = current as Open<MessageItem>;
    emit('response.output_text.delta', { item_id: item.id, output_index: index, content_index: 0, delta, logprobs: [] });
    item.content[0].text += delta;
  };

  const reasoningDelta = (partId: string, delta: string) => {
    if (current?.partId !== partId || current.item.type !== 'reasoning') {
      closeCurrent();
      const opened = addItem<ReasoningItem>({ type: 'reasoning', id: nextId('rs'), summary: [] });
      const part = { type: 'summary_text' as const, text: '' };
      opened.item.summary.push(part);
      emit('response.reasoning_summary_part.added', { item_id: opened.item.id, output_index: opened.index, summary_index: 0, part });
      current = { ...opened, partId };
    }
    const { index, item } = current as Open<ReasoningItem>;
    emit('response.reasoning_summary_text.delta', { item_id: item.id, output_index: index, summary_index: 0, delta });
    item.summary[0].text += delta;
  };

  const openTool = (callId: string, name: string) => {
    closeCurrent();
    const opened = addItem<FunctionCallItem>({ type: 'function_call', id: nextId('fc'), call_id: callId, name, arguments: '', status: 'in_progress' });
    tools.set(callId, opened);
    return opened;
  };

  const toolDelta = ({ index, item }: Open<FunctionCallItem>, delta: string) => {
    emit('response.function_call_arguments.delta', { item_id: item.id, output_index: index, delta });
    item.arguments += delta;
  };

  const closeTool = (callId: string, finalArguments?: string) => {
    const open = tools.get(callId);
    if (!open) return;
    tools.delete(callId);
    const { index, item } = open;
    item.arguments = finalArguments || item.arguments || '{}';
    item.status = 'completed';
    emit('response.function_call_arguments.done', { item_id: item.id, output_index: index, name: item.name, arguments: item.arguments });
    emit('response.output_item.done', { output_index: index, item });
  };

  const fail = (error: GatewayError) => {
    finished = true;
    tracker.error = error;
    tracker.finishReason = 'failed';
    for (const item of output) if (item.type !== 'reasoning' && item.status === 'in_progress') item.status = 'incomplete';
    out.enqueue(errorEvent(error, sequenceNumber++));
    const code = error.status === 429 ? 'rate_limit_exceeded' : 'server_error';
    lifecycle('response.failed', responseObject({ identity, settings, status: 'failed', output, usage: tracker.usage, error: { code, message: error.message } }));
  };

  return new TransformStream({
    start(controller) {
      out = controller;
      const created = responseObject({ identity, settings, status: 'in_progress', output: [], usage: undefined });
      lifecycle('response.created', created);
      lifecycle('response.in_progress', created);
    },
    transform(part) {
      if (finished) return;
      switch (part.type) {
        case 'text-delta':
          if (!part.delta) return;
          countOutput(part.delta);
          textDelta(part.id, part.delta);
          return;
        case 'reasoning-delta':
          if (!part.delta) return;
          countOutput(part.delta);
          reasoningDelta(part.id, part.delta);
          return;
        case 'text-end':
        case 'reasoning-end':
          if (current?.partId === part.id) closeCurrent();
          return;
        case 'tool-input-start':
          if (part.providerExecuted) return;
          tracker.firstTokenAt ??= Date.now();
          openTool(part.id, part.toolName);
          return;
        case 'tool-input-delta': {
          const open = tools.get(part.id);
          if (!open || !part.delta) return;
          countOutput(part.delta);
          toolDelta(open, part.delta);
          return;
        }
        case 'tool-call': {
          if (part.providerExecuted) return;
          if (!tools.has(part.toolCallId)) {
            // Providers that deliver a whole call without input deltas (Gemini) arrive here only.
            countOutput(part.input);
            const open = openTool(part.toolCallId, part.toolName);
            if (part.input) toolDelta(open, part.input);
          }
          closeTool(part.toolCallId, part.input);
          return;
        }
        case 'finish': {
          finished = true;
          closeCurrent();
          for (const callId of [...tools.keys()]) closeTool(callId);
          const { status, incompleteDetails } = terminalState(part.finishReason.unified);
          tracker.usage = fromSdkUsage(part.usage);
          tracker.finishReason = finishLabel(status, incompleteDetails);
          lifecycle(`response.${status}`, responseObject({ identity, settings, status, output, usage: tracker.usage, incompleteDetails }));
          return;
        }
        case 'error':
          fail(new GatewayError('upstream_error', part.error instanceof Error ? `Upstream error: ${part.error.message}` : 'Upstream error'));
          return;
        default:
          return;
      }
    },
    flush() {
      if (!finished) fail(new GatewayError('upstream_error', 'The upstream stream ended before the response was complete.'));
    },
  });
}

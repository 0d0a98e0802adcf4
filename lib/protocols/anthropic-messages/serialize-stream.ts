import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { GatewayError } from '../../gateway/errors';
import type { ResponseIdentity, StreamTracker } from '../../gateway/types';
import { sseEvent } from '../sse';
import { fromSdkUsage } from '../shared/usage';
import { anthropicReasoning } from './content-blocks';
import { anthropicErrorType } from './errors';
import { mapStopReason } from './stop-reason';
import { toAnthropicUsage } from './usage';

/** An in-stream error as the Anthropic SDK expects it: an `error` event, and no `message_stop` after it. */
export function messagesStreamError(error: GatewayError): Uint8Array[] {
  return [sseEvent({ type: 'error', error: { type: anthropicErrorType(error.status), message: error.message } }, 'error')];
}

type OpenBlock = { key: string; index: number; type: 'text' | 'thinking' | 'redacted_thinking' | 'tool_use'; toolCallId?: string };
type Controller = TransformStreamDefaultController<Uint8Array>;

/** Which content block a stream part belongs to; undefined for message-level parts. */
function blockKey(part: LanguageModelV4StreamPart): string | undefined {
  switch (part.type) {
    case 'text-start':
    case 'text-delta':
    case 'text-end':
      return `text:${part.id}`;
    case 'reasoning-start':
    case 'reasoning-delta':
    case 'reasoning-end':
      return `reasoning:${part.id}`;
    case 'tool-input-start':
    case 'tool-input-delta':
    case 'tool-input-end':
      return `tool:${part.id}`;
    case 'tool-call':
      return `tool:${part.toolCallId}`;
    default:
      return undefined;
  }
}

/**
 * AI SDK stream parts → Anthropic Messages SSE: `message_start`, one `content_block_start` /
 * `content_block_delta`* / `content_block_stop` run per block with increasing indexes, then
 * `message_delta` (stop reason and final usage) and `message_stop`.
 *
 * Anthropic clients accept one open block at a time, while upstreams may interleave text and
 * tool-call fragments. Text and thinking blocks are closed when another block starts (more text
 * later opens a new block); a tool block stays open until its input is complete, and parts for
 * other blocks wait in a queue meanwhile, replayed in order once it closes.
 */
export function messagesStreamSerializer(identity: ResponseIdentity, tracker: StreamTracker): TransformStream<LanguageModelV4StreamPart, Uint8Array> {
  let nextIndex = 0;
  let open: OpenBlock | undefined;
  let queue: LanguageModelV4StreamPart[] = [];
  let draining = false;
  let finished = false;
  const closedTools = new Set<string>();

  const emit = (controller: Controller, type: string, fields: Record<string, unknown>) => controller.enqueue(sseEvent({ type, ...fields }, type));
  const markToken = (chars: number) => {
    tracker.firstTokenAt ??= Date.now();
    tracker.outputChars += chars;
  };

  const close = (controller: Controller) => {
    if (!open) return;
    emit(controller, 'content_block_stop', { index: open.index });
    open = undefined;
  };
  const ensureOpen = (controller: Controller, key: string, block: { type: OpenBlock['type'] } & Record<string, unknown>) => {
    if (open?.key === key) return;
    close(controller);
    open = { key, index: nextIndex++, type: block.type, toolCallId: block.type === 'tool_use' ? (block.id as string) : undefined };
    emit(controller, 'content_block_start', { index: open.index, content_block: block });
  };
  const delta = (controller: Controller, value: Record<string, unknown>) => emit(controller, 'content_block_delta', { index: open!.index, delta: value });

  const closeTool = (controller: Controller) => {
    closedTools.add(open!.toolCallId!);
    close(controller);
    const waiting = queue;
    queue = [];
    for (const part of waiting) handle(part, controller);
  };

  function handle(part: LanguageModelV4StreamPart, controller: Controller): void {
    const key = blockKey(part);
    if (key && open?.type === 'tool_use' && open.key !== key && !draining) {
      queue.push(part);
      return;
    }
    switch (part.type) {
      case 'text-delta':
        if (!part.delta) return;
        markToken(part.delta.length);
        ensureOpen(controller, key!, { type: 'text', text: '' });
        delta(controller, { type: 'text_delta', text: part.delta });
        return;
      case 'text-end':
      case 'tool-input-end':
        if (open?.key !== key) return;
        if (part.type === 'tool-input-end') closeTool(controller);
        else close(controller);
        return;
      case 'reasoning-start': {
        const { redactedData } = anthropicReasoning(part.providerMetadata);
        if (!redactedData) return;
        ensureOpen(controller, key!, { type: 'redacted_thinking', data: redactedData });
        close(controller);
        return;
      }
      case 'reasoning-delta':
        if (!part.delta) return;
        markToken(part.delta.length);
        ensureOpen(controller, key!, { type: 'thinking', thinking: '', signature: '' });
        delta(controller, { type: 'thinking_delta', thinking: part.delta });
        return;
      case 'reasoning-end': {
        const { signature } = anthropicReasoning(part.providerMetadata);
        if (signature) {
          ensureOpen(controller, key!, { type: 'thinking', thinking: '', signature: '' });
          delta(controller, { type: 'signature_delta', signature });
        }
        if (open?.key === key) close(controller);
        return;
      }
      case 'tool-input-start':
        markToken(0);
        ensureOpen(controller, key!, { type: 'tool_use', id: part.id, name: part.toolName, input: {} });
        return;
      case 'tool-input-delta':
        if (open?.key !== key || !part.delta) return;
        markToken(part.delta.length);
        delta(controller, { type: 'input_json_delta', partial_json: part.delta });
        return;
      case 'tool-call':
        if (closedTools.has(part.toolCallId)) return;
        if (open?.key !== key) {
          // A call delivered whole, without input deltas (Gemini): one block carrying all of it.
          markToken(part.input.length);
          ensureOpen(controller, key!, { type: 'tool_use', id: part.toolCallId, name: part.toolName, input: {} });
          if (part.input) delta(controller, { type: 'input_json_delta', partial_json: part.input });
        }
        closeTool(controller);
        return;
      case 'ping':
        emit(controller, 'ping', {});
        return;
      case 'finish': {
        finished = true;
        draining = true;
        const waiting = queue;
        queue = [];
        for (const queued of waiting) handle(queued, controller);
        close(controller);
        tracker.usage = fromSdkUsage(part.usage);
        tracker.finishReason = mapStopReason(part.finishReason.unified);
        emit(controller, 'message_delta', { delta: { stop_reason: tracker.finishReason, stop_sequence: null }, usage: toAnthropicUsage(tracker.usage) });
        emit(controller, 'message_stop', {});
        return;
      }
      case 'error':
        if (finished) return;
        finished = true;
        tracker.error = new GatewayError('upstream_error', errorMessage(part.error));
        for (const bytes of messagesStreamError(tracker.error)) controller.enqueue(bytes);
        return;
      default:
        return;
    }
  }

  return new TransformStream({
    start(controller) {
      emit(controller, 'message_start', {
        message: {
          id: identity.generationId,
          type: 'message',
          role: 'assistant',
          model: identity.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          // Translated upstreams report usage only at the end; message_delta carries the totals.
          usage: toAnthropicUsage(undefined),
        },
      });
    },
    transform(part, controller) {
      if (finished) return;
      handle(part, controller);
    },
  });
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return `Upstream error: ${error.message}`;
  return 'Upstream error';
}

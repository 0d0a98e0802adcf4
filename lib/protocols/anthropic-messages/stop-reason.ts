import type { FinishReason } from '../../gateway/types';

/** Chat and Gemini never say which stop sequence matched, so a plain stop is `end_turn`. */
const toStopReason: Record<FinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'content-filter': 'refusal',
  'tool-calls': 'tool_use',
  error: 'end_turn',
  interrupted: 'end_turn',
  other: 'end_turn',
};

export function mapStopReason(reason: FinishReason | undefined): string {
  return reason ? toStopReason[reason] : 'end_turn';
}

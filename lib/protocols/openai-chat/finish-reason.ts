import type { FinishReason } from '../../gateway/types';

const toChat: Record<FinishReason, string> = {
  stop: 'stop',
  length: 'length',
  'content-filter': 'content_filter',
  'tool-calls': 'tool_calls',
  error: 'stop',
  interrupted: 'stop',
  other: 'stop',
};

export function mapFinishReason(reason: FinishReason | undefined): string {
  return reason ? toChat[reason] : 'stop';
}

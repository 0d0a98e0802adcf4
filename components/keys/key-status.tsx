import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { KeyStatus as Status } from '@/lib/services/keys/list-api-keys';

const look: Record<Status, { tone: BadgeTone; label: string }> = {
  active: { tone: 'success', label: 'active' },
  revoked: { tone: 'danger', label: 'revoked' },
  expired: { tone: 'muted', label: 'expired' },
  'limit-reached': { tone: 'warning', label: 'limit reached' },
};

export function KeyStatus({ status }: { status: Status }) {
  return <Badge tone={look[status].tone}>{look[status].label}</Badge>;
}

import { Badge, type BadgeTone } from '@/components/ui/badge';

const statusTone: Record<string, BadgeTone> = { success: 'success', error: 'danger', aborted: 'warning' };

/** success, or what went wrong with its HTTP status ("error 502", "aborted 499"). */
export function StatusBadge({ status, httpStatus }: { status: string; httpStatus?: number | null }) {
  return (
    <Badge tone={statusTone[status] ?? 'muted'}>
      {status}
      {status !== 'success' && httpStatus ? ` ${httpStatus}` : ''}
    </Badge>
  );
}

/** The call ran on the team's own provider key: the provider billed them, Gatehouse did not. */
export function ByokBadge() {
  return (
    <span title="Bring your own key: billed by the provider to the team's own account, not from credits">
      <Badge tone="accent">BYOK</Badge>
    </span>
  );
}

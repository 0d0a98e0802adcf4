'use client';

import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { ActionState } from '@/lib/console/action-state';

/** Deletes one budget after asking. */
export function DeleteBudgetButton({ label, remove }: { label: string; remove: () => Promise<ActionState> }) {
  return (
    <ConfirmDialog trigger="Delete" title={`Delete the budget for ${label}?`} confirmLabel="Delete budget" onConfirm={remove}>
      Its traffic is no longer limited by it from the next request. Spend already recorded stays in the usage log.
    </ConfirmDialog>
  );
}

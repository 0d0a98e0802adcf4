import type { ActionState } from '@/lib/console/action-state';

/** The outcome of a form's last submission, announced to screen readers. */
export function FormMessage({ state }: { state: ActionState | undefined }) {
  if (!state) return null;
  if (!state.ok) {
    return (
      <p className="alert alert-error" role="alert">
        {state.error}
      </p>
    );
  }
  if (!state.message) return null;
  return (
    <p className="alert alert-success" role="status">
      {state.message}
    </p>
  );
}

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
  // Saved, but with consequences the user should see: toned like a problem, still a status.
  return (
    <p className={`alert alert-${state.tone ?? 'success'}`} role="status">
      {state.message}
    </p>
  );
}

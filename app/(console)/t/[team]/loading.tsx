/** Shown inside the shell while a team page loads. */
export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <span className="visually-hidden">Loading…</span>
      <div className="skeleton" style={{ height: 32, width: 220, marginBottom: 12 }} />
      <div className="skeleton" style={{ height: 16, width: 360, marginBottom: 28 }} />
      <div className="skeleton" style={{ height: 160, marginBottom: 20 }} />
      <div className="skeleton" style={{ height: 240 }} />
    </div>
  );
}

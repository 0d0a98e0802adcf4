export default function Loading() {
  return (
    <main style={{ maxWidth: 880 }} aria-busy="true">
      <span className="visually-hidden">Loading…</span>
      <div className="skeleton" style={{ height: 32, width: 160, marginBottom: 12 }} />
      <div className="skeleton" style={{ height: 16, width: 280, marginBottom: 28 }} />
      <div className="skeleton" style={{ height: 200, marginBottom: 20 }} />
      <div className="skeleton" style={{ height: 180 }} />
    </main>
  );
}

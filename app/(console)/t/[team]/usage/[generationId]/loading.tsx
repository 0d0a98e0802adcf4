import '@/components/usage/usage.css';

/** The generation page's cards as placeholders, so the usage list's skeleton does not flash here. */
export default function GenerationLoading() {
  return (
    <div aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading generation…
      </span>
      <div className="skeleton" style={{ height: 18, width: 70, marginBottom: 12 }} />
      <div className="skeleton" style={{ height: 32, width: 200, marginBottom: 8 }} />
      <div className="skeleton" style={{ height: 30, width: 360, marginBottom: 24 }} />
      <div className="stack">
        <div className="detail-columns">
          {[300, 300, 200, 300].map((height, index) => (
            <div key={index} className="card skeleton" style={{ height }} />
          ))}
        </div>
        <div className="card skeleton" style={{ height: 140 }} />
      </div>
    </div>
  );
}

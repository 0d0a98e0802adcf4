import { PageHeader } from '@/components/ui/page-header';

/** Placeholders in the playground's shape while the model list loads. */
export default function PlaygroundLoading() {
  return (
    <div aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading the playground…
      </span>
      <PageHeader title="Playground" description="Chat with any model through this Gatehouse." />
      <div style={{ display: 'grid', gap: 20, gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))' }}>
        <div className="skeleton" style={{ height: 360 }} />
        <div className="skeleton" style={{ height: 360 }} />
      </div>
    </div>
  );
}

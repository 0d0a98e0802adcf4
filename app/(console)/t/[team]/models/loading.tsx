import { PageHeader } from '@/components/ui/page-header';

/** Placeholders in the page's own shape while the catalog loads. */
export default function ModelsLoading() {
  return (
    <div aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading models…
      </span>
      <PageHeader title="Models" description="Prices are in dollars per million tokens." />
      <div className="skeleton" style={{ height: 76, marginBottom: 20 }} />
      <div className="skeleton" style={{ height: 480 }} />
    </div>
  );
}

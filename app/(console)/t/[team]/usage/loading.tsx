import { PageHeader } from '@/components/ui/page-header';
import { UsageCharts } from '@/components/usage/usage-charts';
import { UsageFilters } from '@/components/usage/usage-filters';
import { UsageSummary } from '@/components/usage/usage-summary';
import { UsageTableSkeleton } from '@/components/usage/usage-table';
import { UsageTopLists } from '@/components/usage/usage-top-lists';
import '@/components/usage/usage.css';

/** The usage page's own layout with placeholders, so nothing moves when the data arrives. */
export default function UsageLoading() {
  return (
    <div aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading usage…
      </span>
      <PageHeader title="Usage" description="Every call through the gateway: what it cost, how long it took, and how it went. Charts use the time zone you choose; the log and custom dates are UTC." />
      <UsageFilters team="" rangeSearch="" search={{}} options={undefined} />
      <UsageSummary data={undefined} />
      <UsageCharts data={undefined} groupBy="model" />
      <UsageTopLists data={undefined} />
      <section className="card">
        <header className="card-header">
          <div>
            <h2>Generations</h2>
            <p>Newest first. Open a row for its attempts, timings and cost.</p>
          </div>
        </header>
        <div style={{ paddingTop: 8 }}>
          <UsageTableSkeleton />
        </div>
      </section>
    </div>
  );
}

import Link from 'next/link';
import { TableCard } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { formatDateTime } from '@/lib/console/format';
import type { AuditPage } from '@/lib/services/audit/list-audit-log';

type Filters = { actor?: string; action?: string; from?: string; to?: string };

/**
 * Audit entries with a plain GET filter form: the filters live in the address, so a filtered
 * view can be shared and the page works without JavaScript. `showTeam` adds the team column
 * of the install-wide view.
 */
export function AuditTable({ page, filters, basePath, showTeam }: { page: AuditPage; filters: Filters; basePath: string; showTeam?: boolean }) {
  const older = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
  if (page.nextCursor) older.set('cursor', page.nextCursor);
  return (
    <div className="stack">
      <form className="card" method="get" action={basePath} role="search" aria-label="Audit filters">
        <div className="card-body row" style={{ flexWrap: 'wrap', alignItems: 'flex-end' }}>
          <div className="field">
            <label htmlFor="audit-actor">Actor</label>
            <input id="audit-actor" className="input" name="actor" defaultValue={filters.actor} placeholder="user:… or admin-token" maxLength={200} />
          </div>
          <div className="field">
            <label htmlFor="audit-action">Action</label>
            <input id="audit-action" className="input" name="action" defaultValue={filters.action} placeholder="api_key.create" maxLength={100} />
          </div>
          <div className="field">
            <label htmlFor="audit-from">From</label>
            <input id="audit-from" className="input" type="date" name="from" defaultValue={filters.from} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">To</label>
            <input id="audit-to" className="input" type="date" name="to" defaultValue={filters.to} />
          </div>
          <button type="submit" className="button button-primary button-small">
            Filter
          </button>
          <Link className="button button-ghost button-small" href={basePath}>
            Clear
          </Link>
        </div>
      </form>
      <TableCard title="Entries" description="Newest first. Times are UTC.">
        {page.data.length === 0 ? (
          <EmptyState title="No entries">No admin change matches these filters.</EmptyState>
        ) : (
          <table data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                {showTeam ? <th scope="col">Team</th> : null}
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((entry) => (
                <tr key={entry.id}>
                  <td className="nowrap">{formatDateTime(entry.createdAt)}</td>
                  {showTeam ? <td className="mono">{entry.teamSlug ?? '—'}</td> : null}
                  <td className="mono">{entry.actor}</td>
                  <td className="mono">{entry.action}</td>
                  <td className="mono">{entry.target ?? '—'}</td>
                  <td className="mono muted">{Object.keys(entry.data).length ? JSON.stringify(entry.data) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </TableCard>
      {page.nextCursor ? (
        <div className="row">
          <Link className="button button-small" href={`${basePath}?${older}`}>
            Older entries
          </Link>
        </div>
      ) : null}
    </div>
  );
}

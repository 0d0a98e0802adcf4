'use client';

import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { formatDollars } from '@/lib/console/format';
import type { UsageLogItem } from '@/lib/services/usage/list-usage';
import { ByokBadge, StatusBadge } from './usage-badges';
import { formatDuration, formatFullTimestamp, formatInteger, formatTimestamp, modelLabel } from './usage-format';

const columns = ['Time (UTC)', 'Model', 'Provider', 'Key', 'User', 'Tags', 'Tokens in / out', 'Cost', 'Latency', 'TTFT', 'Status'];
const numeric = new Set(['Tokens in / out', 'Cost', 'Latency', 'TTFT']);

function Tags({ tags }: { tags: string[] }) {
  if (tags.length === 0) return <span className="muted">—</span>;
  return (
    <span className="tags" title={tags.join(', ')}>
      {tags.slice(0, 2).map((tag) => (
        <Badge key={tag}>{tag}</Badge>
      ))}
      {tags.length > 2 ? <Badge>+{tags.length - 2}</Badge> : null}
    </span>
  );
}

function Row({ team, row }: { team: string; row: UsageLogItem }) {
  return (
    <tr>
      <td className="nowrap">
        <Link href={`/t/${team}/usage/${encodeURIComponent(row.generationId)}`} title={`${formatFullTimestamp(row.createdAt)} · ${row.generationId}`}>
          {formatTimestamp(row.createdAt)}
        </Link>
      </td>
      <td className="model mono" title={modelLabel(row.requestedModel, row.servedModel)}>
        {modelLabel(row.requestedModel, row.servedModel)}
      </td>
      <td className="nowrap">{row.provider ?? <span className="muted">—</span>}</td>
      <td className="nowrap">
        {row.apiKeyId ? (
          <span className="key-name" title={`${row.keyName ?? row.apiKeyId}${row.keyPrefix ? ` (${row.keyPrefix}…)` : ''}`}>{row.keyName ?? <span className="mono">{row.apiKeyId}</span>}</span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="nowrap">{row.endUser ?? <span className="muted">—</span>}</td>
      <td>
        <Tags tags={row.tags} />
      </td>
      <td className="num nowrap" title={row.usageEstimated ? 'Estimated: the upstream did not report usage' : undefined}>
        {row.usageEstimated ? '~' : ''}
        {formatInteger(row.inputTokens)} / {formatInteger(row.outputTokens)}
      </td>
      <td className="num nowrap" title={row.credentialType === 'byok' ? 'Billed by the provider to your own key; not taken from credits' : `Billed to credits: ${formatDollars(row.billedMicros)}`}>
        {formatDollars(row.costMicros)}
      </td>
      <td className="num nowrap">{formatDuration(row.latencyMs)}</td>
      <td className="num nowrap">{formatDuration(row.ttftMs)}</td>
      <td className="nowrap">
        <span className="row" style={{ gap: 4, flexWrap: 'nowrap' }}>
          <StatusBadge status={row.status} httpStatus={row.httpStatus} />
          {row.credentialType === 'byok' ? <ByokBadge /> : null}
        </span>
      </td>
    </tr>
  );
}

function Head() {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col" className={numeric.has(column) ? 'num' : undefined}>
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** The generations log: one row per call, newest first, with a cursor-driven "Load more". */
export function UsageTable({
  team,
  rows,
  refreshing,
  hasMore,
  loadingMore,
  onLoadMore,
}: {
  team: string;
  rows: UsageLogItem[];
  refreshing: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}) {
  return (
    <>
      <div className={`card-table table-scroll${refreshing ? ' is-refreshing' : ''}`} aria-busy={refreshing}>
        <table className="usage-table">
          <Head />
          <tbody>
            {rows.map((row) => (
              <Row key={row.generationId} team={team} row={row} />
            ))}
          </tbody>
        </table>
      </div>
      <div className="usage-table-footer">
        <span className="muted" aria-live="polite">
          {formatInteger(rows.length)} {rows.length === 1 ? 'generation' : 'generations'}
          {hasMore ? ' shown' : ''}
        </span>
        {hasMore ? (
          <button type="button" className="button button-small" onClick={onLoadMore} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        ) : rows.length > 0 ? (
          <span className="muted">End of the range</span>
        ) : null}
      </div>
    </>
  );
}

/** Header and ten placeholder rows of the same height as real ones. */
export function UsageTableSkeleton({ rows = 10 }: { rows?: number }) {
  return (
    <>
      <div className="card-table table-scroll" aria-hidden="true">
        <table className="usage-table">
          <Head />
          <tbody>
            {Array.from({ length: rows }, (_, index) => (
              <tr key={index}>
                {columns.map((column) => (
                  <td key={column}>
                    <div className="skeleton" style={{ height: 14, width: column === 'Model' ? 140 : 56 }} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="usage-table-footer" />
    </>
  );
}

'use client';

import type { TopUsageBy } from '@/db/queries/usage-console';
import { formatDollars, playgroundLabel } from '@/lib/console/format';
import type { TopUsage, TopUsageItem } from '@/lib/services/usage/get-top-usage';
import type { SearchPatch } from './usage-filters';
import { formatInteger, formatPercent } from './usage-format';

const lists: Array<{ by: TopUsageBy; title: string; empty: string; filter?: keyof SearchPatch }> = [
  { by: 'model', title: 'Top models', empty: 'No calls in this range.', filter: 'model' },
  { by: 'key', title: 'Top API keys', empty: 'No calls in this range.', filter: 'key' },
  { by: 'member', title: 'Top members', empty: 'No calls in this range. Calls count for the creator of their key, or the playground user or OIDC subject.' },
  { by: 'user', title: 'Top end users', empty: 'No calls named an end user (the `user` field of a request).', filter: 'user' },
  { by: 'tag', title: 'Top tags', empty: 'No calls carried tags. A call with several tags counts under each.', filter: 'tag' },
];

function itemName(by: TopUsageBy, item: TopUsageItem) {
  if (by === 'member') return item.label ?? item.value ?? '—';
  if (by !== 'key') return item.value ?? '—';
  if (item.playgroundUser) return playgroundLabel(item.playgroundUser);
  if (item.value === null) return 'No key (OIDC)';
  return item.keyName ? `${item.keyName}` : item.value;
}

/** The biggest models, keys, members, end users and tags of the range; a click filters the page by that row (members have no filter). */
export function UsageTopLists({ data, refreshing = false, onFilter }: { data: TopUsage['data'] | undefined; refreshing?: boolean; onFilter?: (patch: SearchPatch) => void }) {
  return (
    <div className={`usage-top${refreshing ? ' is-refreshing' : ''}`} aria-busy={refreshing || !data}>
      {lists.map((list) => {
        const items = data?.[list.by];
        // Bars share the spend; when nothing cost anything (errors, BYOK-free), the requests.
        const byCost = items?.some((item) => item.costMicros > 0) ?? false;
        const measure = (item: TopUsageItem) => (byCost ? item.costMicros : item.requests);
        const top = items?.reduce((max, item) => Math.max(max, measure(item)), 0) ?? 0;
        return (
          <section className="card" key={list.by}>
            <header className="card-header">
              <div>
                <h2>{list.title}</h2>
                <p>By spend</p>
              </div>
            </header>
            <div className="card-body" style={{ paddingTop: 10 }}>
              {!items ? (
                <div className="top-list" aria-hidden="true">
                  {Array.from({ length: 5 }, (_, index) => (
                    <div key={index} className="skeleton" style={{ height: 50, margin: '3px 0' }} />
                  ))}
                </div>
              ) : items.length === 0 ? (
                <p className="muted top-list" style={{ fontSize: '0.85rem' }}>
                  {list.empty}
                </p>
              ) : (
                <ol className="top-list">
                  {items.map((item) => (
                    <li key={item.value ?? (item.playgroundUser ? `playground:${item.playgroundUser.id}` : 'none')}>
                      <button
                        type="button"
                        disabled={item.value === null || !list.filter}
                        title={item.value === null || !list.filter ? item.detail ?? undefined : `Show only ${itemName(list.by, item)}`}
                        onClick={() => item.value !== null && list.filter && onFilter?.({ [list.filter]: item.value })}
                      >
                        <span className="top-name">
                          {itemName(list.by, item)}
                          {list.by === 'key' && item.keyPrefix ? <span className="muted mono"> {item.keyPrefix}…</span> : null}
                          {list.by === 'member' && item.detail ? <span className="muted"> {item.detail}</span> : null}
                        </span>
                        <span className="top-value">{formatDollars(item.costMicros)}</span>
                        <span className="top-bar" aria-hidden="true">
                          <i style={{ width: `${top > 0 ? Math.max(2, (measure(item) / top) * 100) : 0}%` }} />
                        </span>
                        <span className="top-meta">
                          {formatInteger(item.requests)} requests · {formatInteger(item.inputTokens + item.outputTokens)} tokens
                          {list.by === 'model' && item.inputTokens > 0 ? (
                            <span title={`Cache hit rate: ${formatInteger(item.cachedInputTokens)} of ${formatInteger(item.inputTokens)} input tokens read from the provider's prompt cache`}>
                              {' '}
                              · {formatPercent(item.cachedInputTokens / item.inputTokens)} cache hits
                            </span>
                          ) : null}
                        </span>
                      </button>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          </section>
        );
      })}
    </div>
  );
}

'use client';

import { useState, type FormEvent } from 'react';
import type { TopUsage } from '@/lib/services/usage/get-top-usage';
import { SuggestInput } from './usage-suggest-input';
import { defaultPreset, filterFields, rangePresets, usageStatuses, type UsageSearch } from '@/lib/services/usage/usage-params';

export type SearchPatch = Partial<Record<keyof UsageSearch, string | undefined>>;

const presetLabels: Record<(typeof rangePresets)[number], string> = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' };
const textFields = [
  { name: 'model', label: 'Model', placeholder: 'any model', suggest: 'model' },
  { name: 'provider', label: 'Provider', placeholder: 'any provider', suggest: 'provider' },
  { name: 'user', label: 'End user', placeholder: 'any user', suggest: 'user' },
  { name: 'tag', label: 'Tag', placeholder: 'any tag', suggest: 'tag' },
  { name: 'app', label: 'App', placeholder: 'any app (title or referer)', suggest: undefined },
] as const;

/**
 * What a typed value filters by: a value with `*` is a pattern as written; the value already in
 * the address (an exact pick) stays exact; other typed text matches anywhere (`*text*`).
 */
export function typedFilter(typed: string, current: string | undefined): string | undefined {
  const value = typed.trim();
  if (!value) return undefined;
  if (value.includes('*') || value === current) return value;
  return `*${value}*`;
}

/**
 * The filter bar. Every value lives in the page URL (the client component writes it); text
 * fields apply on Enter or "Apply", choices at once. Suggestions come from the range's usage.
 */
export function UsageFilters({
  team,
  rangeSearch,
  search,
  options,
  onChange,
}: {
  team: string;
  /** The canonical query string of the range alone: suggestions come from the range's usage. */
  rangeSearch: string;
  search: UsageSearch;
  options: TopUsage['data'] | undefined;
  onChange?: (patch: SearchPatch) => void;
}) {
  const [customOpen, setCustomOpen] = useState(false);
  const custom = Boolean(search.from) || customOpen;
  const preset = search.from ? 'custom' : (search.range ?? defaultPreset);
  const active = filterFields.some((name) => search[name] !== undefined);
  const keys = options?.key?.filter((item) => item.value !== null) ?? [];

  // Without onChange (the loading skeleton) the bar renders at its real size, disabled.
  const change = (patch: SearchPatch) => onChange?.(patch);

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const patch: SearchPatch = {};
    for (const field of textFields) patch[field.name] = typedFilter(String(form.get(field.name) ?? ''), search[field.name]);
    if (custom) {
      patch.from = String(form.get('from') ?? '') || undefined;
      patch.to = String(form.get('to') ?? '') || undefined;
      if (patch.from) patch.range = undefined;
    }
    change(patch);
  }

  return (
    <form className="card usage-filters" onSubmit={apply} aria-label="Usage filters" role="search">
      <fieldset disabled={!onChange} style={{ display: 'contents' }}>
      <div className="usage-filter-row">
        <div className="segmented" role="group" aria-label="Time range">
          {rangePresets.map((item) => (
            <button
              key={item}
              type="button"
              aria-pressed={preset === item && !customOpen}
              title={presetLabels[item]}
              onClick={() => {
                setCustomOpen(false);
                change({ range: item, from: undefined, to: undefined });
              }}
            >
              {item}
            </button>
          ))}
          <button type="button" aria-pressed={custom} onClick={() => setCustomOpen(true)}>
            Custom
          </button>
        </div>
        {custom ? (
          <>
            <div className="field" style={{ flex: '0 1 160px' }}>
              <label htmlFor="usage-from">From (UTC)</label>
              <input id="usage-from" className="input" type="date" name="from" defaultValue={search.from} key={`from-${search.from}`} required />
            </div>
            <div className="field" style={{ flex: '0 1 160px' }}>
              <label htmlFor="usage-to">To (UTC, inclusive)</label>
              <input id="usage-to" className="input" type="date" name="to" defaultValue={search.to} key={`to-${search.to}`} />
            </div>
          </>
        ) : null}
      </div>
      <div className="usage-filter-row">
        {textFields.map((field) =>
          field.suggest ? (
            <SuggestInput
              // A new URL value (a cleared filter, a clicked top-list row) resets the field.
              key={`${field.name}-${search[field.name] ?? ''}`}
              team={team}
              rangeSearch={rangeSearch}
              field={field.suggest}
              name={field.name}
              label={field.label}
              placeholder={field.placeholder}
              defaultValue={search[field.name] ?? ''}
              onPick={onChange ? (value) => change({ [field.name]: value }) : undefined}
            />
          ) : (
            <div className="field" key={field.name}>
              <label htmlFor={`usage-${field.name}`}>{field.label}</label>
              <input
                id={`usage-${field.name}`}
                className="input"
                name={field.name}
                placeholder={field.placeholder}
                defaultValue={search[field.name] ?? ''}
                key={`${field.name}-${search[field.name] ?? ''}`}
                maxLength={200}
                autoComplete="off"
              />
            </div>
          ),
        )}
        <div className="field">
          <label htmlFor="usage-key">API key</label>
          <select id="usage-key" className="select" value={search.key ?? ''} onChange={(event) => change({ key: event.target.value || undefined })}>
            <option value="">All keys</option>
            {search.key && !keys.some((item) => item.value === search.key) ? <option value={search.key}>{search.key}</option> : null}
            {keys.map((item) => (
              <option key={item.value} value={item.value!}>
                {item.keyName ?? item.value} {item.keyPrefix ? `(${item.keyPrefix}…)` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="usage-status">Status</label>
          <select id="usage-status" className="select" value={search.status ?? ''} onChange={(event) => change({ status: event.target.value || undefined })}>
            <option value="">Any status</option>
            {usageStatuses.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </div>
        <div className="row" style={{ flex: '0 0 auto' }}>
          <button type="submit" className="button button-primary button-small">
            Apply
          </button>
          {active ? (
            <button type="button" className="button button-ghost button-small" onClick={() => change(Object.fromEntries(filterFields.map((name) => [name, undefined])))}>
              Clear filters
            </button>
          ) : null}
        </div>
      </div>
      </fieldset>
      <p className="usage-filter-hint">Text matches anywhere, ignoring case; pick a suggestion for an exact value; * stands for anything.</p>
    </form>
  );
}

'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { TableScroll } from '@/components/ui/table-scroll';
import { EmptyState } from '@/components/ui/empty-state';
import type { TeamModel } from '@/lib/services/models/team-availability';
import { modelBlockedLabel, offeringLabel } from './availability';
import { CapabilityBadges } from './capability-badges';
import { applyFilter, filterSearch, readFilter, shownOffering, type ModelFilter, type ModelSort } from './model-filters';
import { capabilityLabels, formatTokenCount, kindLabels, modelHref, pricePerMillion, unitPriceLabel } from './model-format';

const sortLabels: Record<ModelSort, string> = {
  name: 'Usable first, then name',
  'input-price': 'Input price, lowest first',
  'output-price': 'Output price, lowest first',
  context: 'Context window, largest first',
};

/**
 * The catalog as this team sees it. Filtering happens in the browser (the catalog is a few
 * hundred rows) and is mirrored into the address bar, so a filtered view can be shared.
 */
/** A filter that is off ("Any") or one of `options`, shown by their label when there is one. */
function AnySelect({ id, label, value, options, labels = {}, onChange }: { id: string; label: string; value: string; options: string[]; labels?: Record<string, string>; onChange(value: string): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {labels[option] ?? option}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ModelsExplorer({ team, models, providerNames }: { team: string; models: TeamModel[]; providerNames: Record<string, string> }) {
  const searchParams = useSearchParams();
  const [filter, setFilter] = useState<ModelFilter>(() => readFilter(new URLSearchParams(searchParams.toString())));
  const shown = useMemo(() => applyFilter(models, filter), [models, filter]);
  const creators = useMemo(() => [...new Set(models.map((model) => model.creator))].sort(), [models]);
  const providers = useMemo(() => [...new Set(models.flatMap((model) => model.offerings.map((offering) => offering.provider)))].sort(), [models]);
  const capabilities = useMemo(() => [...new Set(models.flatMap((model) => model.capabilities))].sort(), [models]);
  const kinds = useMemo(() => [...new Set(models.map((model) => model.kind))].sort(), [models]);
  const usableCount = models.filter((model) => model.usable).length;

  function update(patch: Partial<ModelFilter>) {
    const next = { ...filter, ...patch };
    setFilter(next);
    const query = filterSearch(next);
    window.history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
  }

  const filtered = filterSearch({ ...filter, sort: 'name' }) !== '';
  return (
    <>
      <form className="card models-filters" role="search" aria-label="Filter models" onSubmit={(event) => event.preventDefault()}>
        <div className="field models-search">
          <label htmlFor="models-q">Search</label>
          <input id="models-q" className="input" type="search" placeholder="gpt-4o, claude, kimi…" value={filter.q} onChange={(event) => update({ q: event.target.value })} />
        </div>
        <AnySelect id="models-creator" label="Creator" value={filter.creator} options={creators} onChange={(creator) => update({ creator })} />
        <AnySelect id="models-provider" label="Provider" value={filter.provider} options={providers} labels={providerNames} onChange={(provider) => update({ provider })} />
        <AnySelect id="models-type" label="Type" value={filter.type} options={kinds} labels={kindLabels} onChange={(type) => update({ type })} />
        <AnySelect id="models-capability" label="Capability" value={filter.capability} options={capabilities} labels={capabilityLabels} onChange={(capability) => update({ capability })} />
        <div className="field">
          <label htmlFor="models-max-input">Max input $ / 1M</label>
          <input id="models-max-input" className="input" type="number" min="0" step="any" inputMode="decimal" placeholder="any" value={filter.maxInput} onChange={(event) => update({ maxInput: event.target.value })} />
        </div>
        <div className="field models-sort">
          <label htmlFor="models-sort">Sort by</label>
          <select id="models-sort" className="select" value={filter.sort} onChange={(event) => update({ sort: event.target.value as ModelSort })}>
            {Object.entries(sortLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <label className="check models-usable">
          <input type="checkbox" checked={filter.usableOnly} onChange={(event) => update({ usableOnly: event.target.checked })} />
          <span>Usable now only</span>
        </label>
      </form>

      <section className="card" aria-labelledby="models-results">
        <header className="card-header">
          <div>
            <h2 id="models-results">Models</h2>
            <p role="status" aria-live="polite">
              {shown.length} of {models.length} models · {usableCount} usable by this team now
              {filter.provider ? ` · prices from ${providerNames[filter.provider] ?? filter.provider}` : ' · prices from the cheapest usable provider'}
            </p>
          </div>
          {filtered ? (
            <button type="button" className="button button-small" onClick={() => update({ q: '', creator: '', provider: '', capability: '', type: '', maxInput: '', usableOnly: false })}>
              Clear filters
            </button>
          ) : null}
        </header>
        {shown.length === 0 ? (
          <EmptyState title={models.length === 0 ? 'The catalog is empty' : 'No model matches'}>
            {models.length === 0 ? 'An instance admin can add models with `gatehouse models add`.' : 'Loosen a filter or clear them all.'}
          </EmptyState>
        ) : (
          <TableScroll className="card-table" label="Models" style={{ paddingTop: 8 }}>
            <table className="models-table">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Providers</th>
                  <th scope="col" className="num">
                    Input / 1M
                  </th>
                  <th scope="col" className="num">
                    Output / 1M
                  </th>
                  <th scope="col" className="num">
                    Cache read / write
                  </th>
                  <th scope="col" className="num">
                    Context
                  </th>
                  <th scope="col" className="num">
                    Max output
                  </th>
                  <th scope="col">Capabilities</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((model) => {
                  const offering = shownOffering(model, filter.provider);
                  return (
                    <tr key={model.id}>
                      <td>
                        <div className="row models-name">
                          <Link href={modelHref(team, model.id)}>{model.name}</Link>
                          {model.kind === 'language' ? null : <Badge tone="accent">{kindLabels[model.kind]?.toLowerCase() ?? model.kind}</Badge>}
                          {model.blockedByModelList ? (
                            <span title={model.blockedByModelList.reason}>
                              <Badge tone="warning">blocked by model {model.blockedByModelList.list}</Badge>
                            </span>
                          ) : model.usable ? null : (
                            <Badge tone="muted">{modelBlockedLabel(model)}</Badge>
                          )}
                        </div>
                        <div className="mono muted">{model.id}</div>
                        {unitPriceLabel(offering?.unitPrice, offering?.priceUnit) ? <div className="muted">{unitPriceLabel(offering?.unitPrice, offering?.priceUnit)}</div> : null}
                      </td>
                      <td>
                        <ul className="provider-chips" aria-label={`Providers of ${model.id}`}>
                          {model.offerings.map((item) => (
                            <li key={item.provider} className={item.usable ? 'is-usable' : 'is-blocked'} title={item.usable ? `Usable (${item.credentials.join(', ')})` : `${offeringLabel(item)}: ${item.reason ?? ''}`}>
                              <span aria-hidden="true" className="dot" />
                              {providerNames[item.provider] ?? item.provider}
                              <span className="visually-hidden">, {offeringLabel(item)}</span>
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td className="num nowrap">{pricePerMillion(offering?.inputPrice ?? null)}</td>
                      <td className="num nowrap">{pricePerMillion(offering?.outputPrice ?? null)}</td>
                      <td className="num nowrap muted">
                        {offering?.cacheReadPrice === null && offering?.cacheWritePrice === null
                          ? '—'
                          : `${pricePerMillion(offering?.cacheReadPrice ?? null)} / ${pricePerMillion(offering?.cacheWritePrice ?? null)}`}
                      </td>
                      <td className="num nowrap">{formatTokenCount(model.contextWindow)}</td>
                      <td className="num nowrap">{formatTokenCount(model.maxOutputTokens)}</td>
                      <td>
                        <CapabilityBadges capabilities={model.capabilities} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}

import type { TeamModel, TeamOffering } from '@/lib/services/models/team-availability';

export type ModelSort = 'name' | 'input-price' | 'output-price' | 'context';

export type ModelFilter = {
  q: string;
  creator: string;
  provider: string;
  capability: string;
  /** A model kind (`image`, `speech`, …), or '' for any. */
  type: string;
  /** Dollars per million input tokens, as typed. */
  maxInput: string;
  usableOnly: boolean;
  sort: ModelSort;
};

const sorts: ModelSort[] = ['name', 'input-price', 'output-price', 'context'];

export function readFilter(params: URLSearchParams): ModelFilter {
  const sort = params.get('sort') as ModelSort | null;
  return {
    q: params.get('q') ?? '',
    creator: params.get('creator') ?? '',
    provider: params.get('provider') ?? '',
    capability: params.get('capability') ?? '',
    type: params.get('type') ?? '',
    maxInput: params.get('maxInput') ?? '',
    usableOnly: params.get('usable') === '1',
    sort: sort && sorts.includes(sort) ? sort : 'name',
  };
}

export function filterSearch(filter: ModelFilter): string {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.creator) params.set('creator', filter.creator);
  if (filter.provider) params.set('provider', filter.provider);
  if (filter.capability) params.set('capability', filter.capability);
  if (filter.type) params.set('type', filter.type);
  if (filter.maxInput) params.set('maxInput', filter.maxInput);
  if (filter.usableOnly) params.set('usable', '1');
  if (filter.sort !== 'name') params.set('sort', filter.sort);
  return params.toString();
}

/**
 * The offering whose price a row shows: the filtered provider's, else the cheapest one the
 * team can use, else the cheapest at all.
 */
export function shownOffering(model: TeamModel, provider: string): TeamOffering | undefined {
  if (provider) return model.offerings.find((offering) => offering.provider === provider);
  const cheapest = (offerings: TeamOffering[]) =>
    offerings.reduce<TeamOffering | undefined>((best, offering) => (!best || offering.inputPrice + offering.outputPrice < best.inputPrice + best.outputPrice ? offering : best), undefined);
  return cheapest(model.offerings.filter((offering) => offering.usable)) ?? cheapest(model.offerings);
}

export function applyFilter(models: TeamModel[], filter: ModelFilter): TeamModel[] {
  const words = filter.q.toLowerCase().split(/\s+/).filter(Boolean);
  const maxInput = filter.maxInput.trim() === '' ? null : Number(filter.maxInput);
  const kept = models.filter((model) => {
    const haystack = `${model.id} ${model.name} ${model.creator}`.toLowerCase();
    if (!words.every((word) => haystack.includes(word))) return false;
    if (filter.creator && model.creator !== filter.creator) return false;
    if (filter.type && model.kind !== filter.type) return false;
    if (filter.capability && !model.capabilities.includes(filter.capability as TeamModel['capabilities'][number])) return false;
    const offering = shownOffering(model, filter.provider);
    if (!offering) return false;
    if (filter.usableOnly && !(filter.provider ? offering.usable : model.usable)) return false;
    if (maxInput !== null && Number.isFinite(maxInput) && offering.inputPrice > maxInput * 1_000_000) return false;
    return true;
  });
  const price = (model: TeamModel, side: 'inputPrice' | 'outputPrice') => shownOffering(model, filter.provider)?.[side] ?? Number.MAX_SAFE_INTEGER;
  const byName = (a: TeamModel, b: TeamModel) => a.id.localeCompare(b.id);
  const compare: Record<ModelSort, (a: TeamModel, b: TeamModel) => number> = {
    name: (a, b) => Number(b.usable) - Number(a.usable) || byName(a, b),
    'input-price': (a, b) => price(a, 'inputPrice') - price(b, 'inputPrice') || byName(a, b),
    'output-price': (a, b) => price(a, 'outputPrice') - price(b, 'outputPrice') || byName(a, b),
    context: (a, b) => (b.contextWindow ?? 0) - (a.contextWindow ?? 0) || byName(a, b),
  };
  return kept.sort(compare[filter.sort]);
}

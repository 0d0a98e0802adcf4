import type { Capability, ModelKind } from '@/db/schema';
import type { Prices } from '../billing/pricing';

export type Offering = Prices & {
  provider: string;
  upstreamModelId: string;
  /** Weight format served (lower case), or null when the catalog does not know it. */
  quantization?: string | null;
};

/** A model as the gateway routes it: one Gatehouse id, the providers that serve it, in catalog order. */
export type CatalogModel = {
  id: string;
  name: string;
  creator: string;
  kind: ModelKind;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  capabilities: Capability[];
  inputModalities: string[];
  releasedAt: string | null;
  offerings: Offering[];
};

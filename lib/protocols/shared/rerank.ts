import { GatewayError } from '../../gateway/errors';
import { estimateTokens } from './estimate-tokens';

/**
 * Bounds on one rerank call, in both doors. 1,000 documents is what Cohere recommends at most
 * per call and Voyage's hard limit; 1,000,000 characters (≈250k tokens) of query and documents
 * together stays under Voyage's per-call token limits and keeps the request far below the body cap.
 */
export const rerankLimits = { maxDocuments: 1_000, maxQueryChars: 32_768, maxTotalChars: 1_000_000 } as const;

/** A document's length as an upstream sees it: object documents are sent as their JSON text. */
const documentText = (document: string | object) => (typeof document === 'string' ? document : JSON.stringify(document));

/** Refuses a call whose query and documents together exceed `maxTotalChars`; returns the documents as upstream texts. */
export function boundedDocumentTexts(query: string, documents: ReadonlyArray<string | object>, param: string): string[] {
  let texts: string[];
  try {
    texts = documents.map(documentText);
  } catch (error) {
    // An object document nested deeper than JSON.stringify's stack allows (the fuzz suite's 500).
    if (error instanceof RangeError) throw new GatewayError('invalid_request', 'Invalid request: a document is nested too deeply.', { param });
    throw error;
  }
  let total = query.length;
  for (const text of texts) total += text.length;
  if (total > rerankLimits.maxTotalChars) {
    throw new GatewayError('invalid_request', `Invalid request: the query and documents together are ${total} characters; at most ${rerankLimits.maxTotalChars} are accepted per call.`, {
      param,
    });
  }
  return texts;
}

/** Cohere bills a document once per this many tokens of query and document together. */
const TOKENS_PER_CHUNK = 500;
/** One search unit covers this many (chunked) documents. */
const DOCUMENTS_PER_SEARCH = 100;

/**
 * Search units under Cohere's billing rule: a query with up to 100 documents is one search, and
 * a document longer than 500 tokens (with the query) counts once per 500-token chunk. At ~4
 * characters a token this is an upper estimate: credit holds reserve it, and it is billed only
 * when an upstream does not report the units it billed.
 */
export function estimateSearchUnits(query: string, texts: string[]): number {
  const queryTokens = estimateTokens(query.length);
  let chunks = 0;
  for (const text of texts) chunks += Math.max(1, Math.ceil((queryTokens + estimateTokens(text.length)) / TOKENS_PER_CHUNK));
  return Math.max(1, Math.ceil(chunks / DOCUMENTS_PER_SEARCH));
}

/** `meta.billed_units.search_units` of a Cohere rerank answer (the reranking model's raw response body), if present. */
export function billedSearchUnits(body: unknown): number | undefined {
  const units = (body as { meta?: { billed_units?: { search_units?: unknown } } } | null | undefined)?.meta?.billed_units?.search_units;
  return typeof units === 'number' && Number.isFinite(units) && units >= 0 ? Math.ceil(units) : undefined;
}

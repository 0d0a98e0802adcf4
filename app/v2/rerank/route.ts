import { gatewayRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// POST /v2/rerank (Cohere v2 SDK clients)
export const POST = gatewayRoute;

import { gatewayRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// POST /v1/rerank
export const POST = gatewayRoute;

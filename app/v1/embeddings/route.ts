import { gatewayRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// POST /v1/embeddings
export const POST = gatewayRoute;

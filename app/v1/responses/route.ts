import { gatewayRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// POST /v1/responses
export const POST = gatewayRoute;

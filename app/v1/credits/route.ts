import { gatewayRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// GET /v1/credits
export const GET = gatewayRoute;

import { gatewayRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// GET /v1/generation?id=gen_...
export const GET = gatewayRoute;

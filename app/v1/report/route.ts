import { gatewayRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// GET /v1/report
export const GET = gatewayRoute;

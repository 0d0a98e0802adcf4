import { gatewayRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// POST /v1/images/edits
export const POST = gatewayRoute;

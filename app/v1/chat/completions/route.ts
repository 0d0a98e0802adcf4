import { gatewayRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// POST /v1/chat/completions
export const POST = gatewayRoute;

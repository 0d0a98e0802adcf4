import { gatewayRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// POST /v1/messages/count_tokens
export const POST = gatewayRoute;

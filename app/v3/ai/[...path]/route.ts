import { gatewayRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// POST /v3/ai/language-model, POST /v3/ai/embedding-model, GET /v3/ai/config (AI SDK gateway protocol)
export const GET = gatewayRoute;
export const POST = gatewayRoute;

import { gatewayRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// POST /v1/ai/language-model, POST /v1/ai/embedding-model, GET /v1/ai/config (AI SDK gateway protocol)
export const GET = gatewayRoute;
export const POST = gatewayRoute;

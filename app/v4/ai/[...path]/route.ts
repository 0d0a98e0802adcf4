import { gatewayRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// POST /v4/ai/language-model, POST /v4/ai/embedding-model, GET /v4/ai/config (AI SDK gateway protocol)
export const GET = gatewayRoute;
export const POST = gatewayRoute;

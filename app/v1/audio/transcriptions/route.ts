import { gatewayRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// POST /v1/audio/transcriptions
export const POST = gatewayRoute;
